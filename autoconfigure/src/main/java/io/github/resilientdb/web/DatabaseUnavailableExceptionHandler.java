package io.github.resilientdb.web;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.github.resilientdb.DatabaseUnavailableException;
import io.github.resilientdb.classify.ErrorCategory;
import io.github.resilientdb.classify.ErrorClassification;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;

/**
 * Answers a database call that failed because the database is unavailable with {@code 503 Service Unavailable}
 * instead of a 500: a {@link DatabaseUnavailableException} (the circuit breaker or the bulkhead refused the call), and
 * any other {@link DataAccessException} or {@link TransactionException} (a transaction that could not get a
 * connection, a failed commit or rollback) that the application's error classification puts in
 * {@link ErrorCategory#NOT_SENT}, {@link ErrorCategory#REJECTED_BY_SERVER} or {@link ErrorCategory#MAYBE_APPLIED}
 * (connection refused or lost, pool wait or socket timeouts). Any other data access failure is left to the
 * application's and Spring's usual handling.
 * <p>
 * The response carries a {@code Retry-After} header (whole seconds, rounded up) when the wait is known (an open
 * breaker). Its body follows content negotiation: a browser, which prefers {@code text/html}, gets Spring Boot's
 * error page (the error is sent with {@link HttpServletResponse#sendError}); every other client gets an RFC 9457
 * problem ({@code application/problem+json}):
 * <pre class="code">
 * {"type":"urn:resilientdb:problem:database-unavailable","title":"Database unavailable","status":503,
 *  "detail":"Circuit breaker of datastore 'jdbc' is OPEN: the call was not sent","instance":"/orders",
 *  "datastore":"jdbc","retryAfter":10}
 * </pre>
 * The detail of a failure that is not a {@link DatabaseUnavailableException} names only its category, never the
 * driver's message (which may name hosts or statements). The failure is logged at DEBUG only: the datastore's state
 * changes are logged once each by the health probes.
 * <p>
 * It has the lowest precedence, so that any handler of the application for these exceptions, or for one of their
 * superclasses, wins: one declared in a controller, or in an {@code @ControllerAdvice} bean (those of the
 * application come first among advice of the same order).
 */
@RestControllerAdvice
public class DatabaseUnavailableExceptionHandler implements Ordered {

	/**
	 * The problem type of a refused or failed database call.
	 */
	public static final URI TYPE = URI.create("urn:resilientdb:problem:database-unavailable");

	private static final Log logger = LogFactory.getLog(DatabaseUnavailableExceptionHandler.class);

	private static final Set<ErrorCategory> UNAVAILABLE = EnumSet.of(ErrorCategory.NOT_SENT,
			ErrorCategory.REJECTED_BY_SERVER, ErrorCategory.MAYBE_APPLIED);

	private static final List<MediaType> HTML = List.of(MediaType.TEXT_HTML, MediaType.APPLICATION_XHTML_XML);

	private final @Nullable ErrorClassification classification;

	/**
	 * Creates a handler of {@link DatabaseUnavailableException} only.
	 */
	public DatabaseUnavailableExceptionHandler() {
		this(null);
	}

	/**
	 * Creates a handler of {@link DatabaseUnavailableException} and of the data access failures that the given
	 * classification says are the database's unavailability.
	 * @param classification the application's error classification, or {@code null} to handle refusals only
	 */
	public DatabaseUnavailableExceptionHandler(@Nullable ErrorClassification classification) {
		this.classification = classification;
	}

	/**
	 * Answers a database call that failed because the database is unavailable.
	 * @param ex the failure
	 * @param request the request
	 * @return the 503 problem response, or {@code null} when Spring Boot's error page is rendered instead
	 * @throws RuntimeException the failure itself when it is not the database's unavailability, to leave it to the
	 * usual handling
	 * @throws IOException if the error page cannot be sent
	 */
	@ExceptionHandler({ DataAccessException.class, TransactionException.class })
	public @Nullable ResponseEntity<ProblemDetail> handleDatabaseUnavailable(RuntimeException ex,
			NativeWebRequest request) throws IOException {
		DatabaseUnavailableException refusal = (ex instanceof DatabaseUnavailableException unavailable) ? unavailable
				: null;
		ErrorCategory category = null;
		if (refusal == null) {
			category = (this.classification != null) ? this.classification.classify(ex) : null;
			if (category == null || !UNAVAILABLE.contains(category)) {
				throw ex;
			}
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Answering 503 to " + request.getDescription(false) + " for a database failure", ex);
		}
		Long retryAfter = (refusal != null) ? refusal.getRetryAfter().map(DatabaseUnavailableExceptionHandler::seconds)
			.orElse(null) : null;
		String detail = (refusal != null) ? refusal.getMessage() : detail(category);
		HttpServletResponse servletResponse = request.getNativeResponse(HttpServletResponse.class);
		if (servletResponse != null && prefersHtml(request.getHeader(HttpHeaders.ACCEPT))) {
			if (retryAfter != null) {
				servletResponse.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
			}
			servletResponse.sendError(HttpStatus.SERVICE_UNAVAILABLE.value(), detail);
			return null;
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail);
		problem.setType(TYPE);
		problem.setTitle("Database unavailable");
		if (refusal != null) {
			problem.setProperty("datastore", refusal.getDatastore());
		}
		ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		if (retryAfter != null) {
			problem.setProperty("retryAfter", retryAfter);
			response.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
		}
		return response.body(problem);
	}

	private static String detail(ErrorCategory category) {
		return switch (category) {
			case NOT_SENT -> "The database could not be reached: the call was not sent";
			case REJECTED_BY_SERVER -> "The database refused the call without applying it";
			default -> "The connection to the database failed during the call";
		};
	}

	/**
	 * Whether the client prefers an HTML page to JSON: it accepts {@code text/html} (or XHTML) with a quality at
	 * least that of any JSON type. Wildcards count for neither, so {@code curl} and API clients get the problem.
	 */
	static boolean prefersHtml(@Nullable String accept) {
		if (accept == null || accept.isBlank()) {
			return false;
		}
		List<MediaType> types;
		try {
			types = MediaType.parseMediaTypes(accept);
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
		double html = 0;
		double json = 0;
		for (MediaType type : types) {
			if (type.isWildcardType() || type.isWildcardSubtype()) {
				continue;
			}
			double quality = type.getQualityValue();
			if (HTML.stream().anyMatch((candidate) -> candidate.equalsTypeAndSubtype(type))) {
				html = Math.max(html, quality);
			}
			else if (MediaType.APPLICATION_JSON.isCompatibleWith(type)
					|| (type.getSubtype().endsWith("+json"))) {
				json = Math.max(json, quality);
			}
		}
		return html > 0 && html >= json;
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
