package io.github.resilientdb.redis.integration;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.github.resilience4j.retry.Retry;
import io.github.resilientdb.engine.ResilientDbRegistries;

import org.springframework.context.ApplicationContext;

/**
 * The retries of the {@code redis} datastore, as the tests of an application see them.
 */
final class RedisRetries {

	private RedisRetries() {
	}

	/**
	 * Runs an action before each retry, on the calling thread, once the failure has been classified.
	 * @param context the application
	 * @param action what to do with the failure about to be retried
	 * @return the failures retried so far
	 */
	static List<Throwable> onRetry(ApplicationContext context, Consumer<Throwable> action) {
		List<Throwable> failures = new CopyOnWriteArrayList<>();
		Retry retry = context.getBean(ResilientDbRegistries.class).retries().find("redis").orElseThrow();
		retry.getEventPublisher().onRetry((event) -> {
			failures.add(event.getLastThrowable());
			action.accept(event.getLastThrowable());
		});
		return failures;
	}

}
