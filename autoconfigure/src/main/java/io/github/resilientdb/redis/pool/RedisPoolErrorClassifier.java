package io.github.resilientdb.redis.pool;

import io.github.resilientdb.classify.ErrorCategory;
import io.github.resilientdb.classify.ErrorClassifier;
import io.github.resilientdb.classify.Throwables;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.PoolException;

/**
 * Classifies a failure to obtain a pooled Lettuce connection (the pool exhausted beyond its max-wait, or no new
 * connection could be opened for it) as {@link ErrorCategory#NOT_SENT}: no command was written. Spring Data Redis
 * reports it as a {@code RedisConnectionFailureException} wrapping a {@link PoolException}, which the generic
 * data-access classification would otherwise read as possibly applied.
 */
public final class RedisPoolErrorClassifier implements ErrorClassifier {

	@Override
	public @Nullable ErrorCategory classify(Throwable error) {
		PoolException pool = Throwables.find(error, PoolException.class);
		if (pool == null) {
			return null;
		}
		String message = String.valueOf(pool.getMessage());
		return (message.startsWith("Could not get a resource from the pool")
				|| message.startsWith("Could not prepare the pool")) ? ErrorCategory.NOT_SENT : null;
	}

}
