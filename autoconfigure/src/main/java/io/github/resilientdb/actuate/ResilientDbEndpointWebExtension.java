package io.github.resilientdb.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * {@link EndpointWebExtension @EndpointWebExtension} of the {@link ResilientDbEndpoint}: a refused change answers
 * {@code 400} ({@code 404} for an unknown datastore) with a body that says why and names the field, which a plain
 * {@code 400} from actuator would leave to the server's error page.
 */
@EndpointWebExtension(endpoint = ResilientDbEndpoint.class)
public class ResilientDbEndpointWebExtension {

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
	 * @return the changes made, or why none was
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
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("error", String.valueOf(ex.getReason()));
			if (ex.getField() != null) {
				body.put("field", ex.getField());
			}
			int status = ex.isUnknownDatastore() ? WebEndpointResponse.STATUS_NOT_FOUND
					: WebEndpointResponse.STATUS_BAD_REQUEST;
			return new WebEndpointResponse<>(body, status);
		}
	}

}
