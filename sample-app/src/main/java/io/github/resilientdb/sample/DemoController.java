package io.github.resilientdb.sample;

import java.io.IOException;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The demonstration's fault switch over HTTP: {@code GET /demo/datastores} tells which datastores are cut,
 * {@code POST /demo/datastores/{name}/cut} and {@code .../restore} cut and restore one. A sample-only feature.
 */
@RestController
@RequestMapping("/demo/datastores")
class DemoController {

	private final DemoSwitch demoSwitch;

	DemoController(DemoSwitch demoSwitch) {
		this.demoSwitch = demoSwitch;
	}

	@GetMapping
	Map<String, Boolean> states() {
		return this.demoSwitch.states();
	}

	@PostMapping("/{datastore}/cut")
	ResponseEntity<Map<String, Boolean>> cut(@PathVariable String datastore) {
		DemoFaultProxy proxy = this.demoSwitch.get(datastore);
		if (proxy == null) {
			return ResponseEntity.notFound().build();
		}
		proxy.cut();
		return ResponseEntity.ok(this.demoSwitch.states());
	}

	@PostMapping("/{datastore}/restore")
	ResponseEntity<Map<String, Boolean>> restore(@PathVariable String datastore) throws IOException {
		DemoFaultProxy proxy = this.demoSwitch.get(datastore);
		if (proxy == null) {
			return ResponseEntity.notFound().build();
		}
		proxy.restore();
		return ResponseEntity.ok(this.demoSwitch.states());
	}

}
