package io.github.resilientdb.web;

import java.net.URI;
import java.time.Duration;

import io.github.resilientdb.DatabaseUnavailableException;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a {@link DatabaseUnavailableException} that reaches Spring MVC with {@code 503 Service Unavailable}, a
 * {@code Retry-After} header (whole seconds, rounded up) when the wait is known, and an RFC 9457 problem body:
 * <pre class="code">
 * {"type":"urn:resilientdb:problem:database-unavailable","title":"Database unavailable","status":503,
 *  "detail":"Circuit breaker of datastore 'jdbc' is OPEN: the call was not sent","instance":"/orders",
 *  "datastore":"jdbc","retryAfter":10}
 * </pre>
 * It has the lowest precedence, so that any handler of the application for this exception, or for one of its
 * superclasses, wins: one declared in a controller, or in an {@code @ControllerAdvice} bean (those of the
 * application come first among advice of the same order).
 */
@RestControllerAdvice
public class DatabaseUnavailableExceptionHandler implements Ordered {

	/**
	 * The problem type of a refused database call.
	 */
	public static final URI TYPE = URI.create("urn:resilientdb:problem:database-unavailable");

	/**
	 * Answers a refused database call.
	 * @param ex the refusal
	 * @return the 503 response
	 */
	@ExceptionHandler(DatabaseUnavailableException.class)
	public ResponseEntity<ProblemDetail> handleDatabaseUnavailable(DatabaseUnavailableException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage());
		problem.setType(TYPE);
		problem.setTitle("Database unavailable");
		problem.setProperty("datastore", ex.getDatastore());
		ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE);
		ex.getRetryAfter().map(DatabaseUnavailableExceptionHandler::seconds).ifPresent((seconds) -> {
			problem.setProperty("retryAfter", seconds);
			response.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		});
		return response.body(problem);
	}

	private static long seconds(Duration wait) {
		long seconds = wait.toSeconds();
		return (wait.toNanosPart() > 0 || seconds == 0) ? seconds + 1 : seconds;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
