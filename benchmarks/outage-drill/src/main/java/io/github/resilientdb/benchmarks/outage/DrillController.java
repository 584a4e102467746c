package io.github.resilientdb.benchmarks.outage;

import java.util.function.Supplier;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The application's web face: one endpoint per datastore. Failures go on to Spring MVC and whatever handles them in
 * the application (the starter's handler, Boot's error page), so callers see the status an application gets by
 * default; the controller only notes the exception for the drill first.
 */
@RestController
class DrillController {

	private final JdbcReads jdbc;

	private final RedisReads redis;

	private final MongoReads mongo;

	private final CallOutcomes outcomes;

	DrillController(JdbcReads jdbc, RedisReads redis, MongoReads mongo, CallOutcomes outcomes) {
		this.jdbc = jdbc;
		this.redis = redis;
		this.mongo = mongo;
		this.outcomes = outcomes;
	}

	@GetMapping(Store.JDBC_PATH)
	String jdbc(@RequestHeader(CallOutcomes.CALL_ID_HEADER) String callId) {
		return noted(callId, () -> String.valueOf(this.jdbc.read()));
	}

	@GetMapping(Store.REDIS_PATH)
	String redis(@RequestHeader(CallOutcomes.CALL_ID_HEADER) String callId) {
		return noted(callId, this.redis::read);
	}

	@GetMapping(Store.MONGO_PATH)
	String mongo(@RequestHeader(CallOutcomes.CALL_ID_HEADER) String callId) {
		return noted(callId, () -> String.valueOf(this.mongo.read()));
	}

	private String noted(String callId, Supplier<String> work) {
		try {
			return work.get();
		}
		catch (RuntimeException ex) {
			this.outcomes.failed(callId, ex);
			throw ex;
		}
	}

}
