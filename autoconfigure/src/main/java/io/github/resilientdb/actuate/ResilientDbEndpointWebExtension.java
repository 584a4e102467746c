package io.github.resilientdb.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;
import org.springframework.util.MimeType;

/**
 * {@link EndpointWebExtension @EndpointWebExtension} of the {@link ResilientDbEndpoint}: a refused change answers
 * with an RFC 9457 problem ({@code application/problem+json}): {@code 400} for an invalid value, naming the field and
 * what it accepts ({@code 404} for an unknown datastore), {@code 403} for a caller who may not make changes, naming
 * the property that decides who may. A plain {@code 400} from actuator would leave all that to the server's error
 * page.
 */
@EndpointWebExtension(endpoint = ResilientDbEndpoint.class)
public class ResilientDbEndpointWebExtension {

	private static final int STATUS_FORBIDDEN = 403;

	private static final MimeType PROBLEM_JSON = MimeType.valueOf("application/problem+json");

	private final ResilientDbEndpoint endpoint;

	/**
	 * Creates the extension.
	 * @param endpoint the endpoint
	 */
	public ResilientDbEndpointWebExtension(ResilientDbEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	/**
	 * Changes a datastore at runtime, as {@link ResilientDbEndpoint#change} does.
	 * @param datastore the datastore name
	 * @param breaker {@code RESET}, {@code FORCED_OPEN} or {@code CLOSED}
	 * @param maximumPoolSize the new maximum size of the datastore's pool
	 * @param minimumIdle the new minimum number of idle connections of the datastore's pool
	 * @param maxRetries the new maximum number of retries of the datastore's own retry policy
	 * @param retryDelay the new wait before the first retry
	 * @param retryMultiplier the new factor the wait grows by after each retry
	 * @param retryMaxDelay the new upper bound of the wait between retries
	 * @param retryJitter the new randomization factor of every wait
	 * @param securityContext who asks
	 * @return the changes made, or a problem saying why none was
	 */
	@WriteOperation
	public WebEndpointResponse<Object> change(@Selector String datastore, @Nullable Object breaker,
			@Nullable Object maximumPoolSize, @Nullable Object minimumIdle, @Nullable Object maxRetries,
			@Nullable Object retryDelay, @Nullable Object retryMultiplier, @Nullable Object retryMaxDelay,
			@Nullable Object retryJitter, SecurityContext securityContext) {
		try {
			return new WebEndpointResponse<>(this.endpoint.change(datastore, breaker, maximumPoolSize, minimumIdle,
					maxRetries, retryDelay, retryMultiplier, retryMaxDelay, retryJitter, securityContext));
		}
		catch (InvalidChangeException ex) {
			int status = ex.isUnknownDatastore() ? WebEndpointResponse.STATUS_NOT_FOUND
					: WebEndpointResponse.STATUS_BAD_REQUEST;
			Map<String, Object> body = problem(status, ex.isUnknownDatastore() ? "Not Found" : "Bad Request",
					String.valueOf(ex.getReason()));
			if (ex.getField() != null) {
				body.put("field", ex.getField());
			}
			if (ex.getAccepted() != null) {
				body.put("accepted", ex.getAccepted());
			}
			return new WebEndpointResponse<>(body, status, PROBLEM_JSON);
		}
		catch (WriteRefusedException ex) {
			Map<String, Object> body = problem(STATUS_FORBIDDEN, "Forbidden", String.valueOf(ex.getMessage()));
			body.put("property", ex.getProperty());
			return new WebEndpointResponse<>(body, STATUS_FORBIDDEN, PROBLEM_JSON);
		}
	}

	private static Map<String, Object> problem(int status, String title, String detail) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", "about:blank");
		body.put("title", title);
		body.put("status", status);
		body.put("detail", detail);
		return body;
	}

}
