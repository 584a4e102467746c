package io.github.resilientdb.console;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.util.HtmlUtils;

/**
 * Serves the console: its page at {@code resilientdb.console.path}, the page's script and style sheet below it
 * (bundled in the jar: the page needs no internet), and the live state the page polls, at {@code <path>/state}.
 * Registered by auto-configuration only, never by component scanning. The page sends no change itself except through the actuator's {@code resilientdb} endpoint, whose rules apply.
 */
@Controller
@RequestMapping("${resilientdb.console.path:/resilientdb}")
public class ConsoleController {

	private static final String ASSETS = "resilientdb-console/";

	private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; "
			+ "frame-ancestors 'none'; form-action 'none'; base-uri 'none'";

	private final ConsoleStateReader reader;

	private final String page;

	/**
	 * Creates the controller.
	 * @param reader reads the state of the datastores
	 * @param properties the console's configuration
	 */
	public ConsoleController(ConsoleStateReader reader, ConsoleProperties properties) {
		this.reader = reader;
		this.page = read("index.html").replace("{{base}}", HtmlUtils.htmlEscape(properties.getPath()));
	}

	/**
	 * The console page.
	 * @return the page
	 */
	@GetMapping(produces = MediaType.TEXT_HTML_VALUE)
	public ResponseEntity<String> page() {
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
			.header("X-Content-Type-Options", "nosniff")
			.contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
			.body(this.page);
	}

	/**
	 * The state of every datastore now.
	 * @return the state
	 */
	@GetMapping(path = "/state", produces = MediaType.APPLICATION_JSON_VALUE)
	public ResponseEntity<ConsoleState> state() {
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(this.reader.read());
	}

	/**
	 * The page's script.
	 * @return the script
	 */
	@GetMapping(path = "/console.js", produces = "text/javascript")
	public ResponseEntity<String> script() {
		return asset("console.js", new MediaType("text", "javascript", StandardCharsets.UTF_8));
	}

	/**
	 * The page's style sheet.
	 * @return the style sheet
	 */
	@GetMapping(path = "/console.css", produces = "text/css")
	public ResponseEntity<String> styleSheet() {
		return asset("console.css", new MediaType("text", "css", StandardCharsets.UTF_8));
	}

	private static ResponseEntity<String> asset(String name, MediaType type) {
		return ResponseEntity.ok()
			.contentType(type)
			.header("X-Content-Type-Options", "nosniff")
			.cacheControl(CacheControl.noCache())
			.body(read(name));
	}

	private static String read(String name) {
		try (InputStream in = new ClassPathResource(ASSETS + name).getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("The console's " + name + " is missing from its jar", ex);
		}
	}

}
