package io.github.resilientdb.benchmarks.outage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.resilientdb.test.server.MongoTestServer;
import io.github.resilientdb.test.server.PrivatePostgres;
import io.github.resilientdb.test.server.PrivateRedis;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outage drill: runs every {@link Scenario} against a private PostgreSQL, a private Redis and an in-process
 * MongoDB (mongo-java-server), all started here on free ports of 127.0.0.1, and prints the table; writes it
 * to {@code outage-drill.md} and every figure to {@code outage-drill.json} in the output directory, with each
 * scenario's application log beside them.
 * <p>
 * Arguments: see {@link DrillOptions}. Exits with status 1 when a scenario could not run.
 */
public final class OutageDrill {

	private OutageDrill() {
	}

	/**
	 * Runs the drill.
	 * @param args {@code --name=value} options
	 * @throws IOException if the report cannot be written
	 */
	public static void main(String[] args) throws IOException {
		DrillOptions options = DrillOptions.parse(args);
		Files.createDirectories(options.output());
		System.out.println("Starting the private PostgreSQL, Redis and MongoDB...");
		PrivatePostgres postgres = PrivatePostgres.shared();
		PrivateRedis redis = PrivateRedis.shared();
		MongoTestServer mongo = MongoTestServer.start();
		Runtime.getRuntime().addShutdownHook(new Thread(mongo::close, "stop-mongo"));
		ScenarioRun.Servers servers = new ScenarioRun.Servers(postgres.port(), postgres.user(), postgres.password(),
				redis.port(), mongo.port());
		List<Figures> figures = new ArrayList<>();
		Map<String, String> errors = new LinkedHashMap<>();
		Instant started = Instant.now();
		for (Scenario scenario : Scenario.all(options)) {
			if (!options.only().isEmpty() && !options.only().contains(scenario.name())) {
				continue;
			}
			System.out.printf("%s: %s, fault %s...%n", scenario.name(), scenario.description(), scenario.duration());
			try {
				figures.add(new ScenarioRun(scenario, options, servers).run());
			}
			catch (RuntimeException ex) {
				errors.put(scenario.name(), String.valueOf(ex));
				System.out.println(scenario.name() + " failed: " + ex);
			}
		}
		String markdown = new Report(figures, errors).markdown();
		System.out.println();
		System.out.println(markdown);
		Files.writeString(options.output().resolve("outage-drill.md"), markdown, StandardCharsets.UTF_8);
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("started", started.toString());
		json.put("finished", Instant.now().toString());
		json.put("options", String.valueOf(options));
		json.put("scenarios", figures);
		json.put("errors", errors);
		JsonMapper.builder()
			.enable(SerializationFeature.INDENT_OUTPUT)
			.build()
			.writeValue(options.output().resolve("outage-drill.json").toFile(), json);
		System.out.println("Written to " + options.output().toAbsolutePath());
		System.exit(errors.isEmpty() ? 0 : 1);
	}

}
