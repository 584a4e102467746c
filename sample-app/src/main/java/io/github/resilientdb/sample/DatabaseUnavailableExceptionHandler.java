package io.github.resilientdb.sample;

import io.github.resilientdb.DatabaseUnavailableException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers {@code 503 Service Unavailable} when a datastore's circuit breaker is open or its bulkhead is full, with a
 * {@code Retry-After} header when the breaker knows how long it stays open.
 */
@RestControllerAdvice
public class DatabaseUnavailableExceptionHandler {

	@ExceptionHandler
	public ResponseEntity<ProblemDetail> databaseUnavailable(DatabaseUnavailableException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage());
		problem.setProperty("datastore", ex.getDatastore());
		ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE);
		ex.getRetryAfter()
			.ifPresent((retryAfter) -> response.header(HttpHeaders.RETRY_AFTER,
					Long.toString(Math.max(1, retryAfter.toSeconds()))));
		return response.body(problem);
	}

}
