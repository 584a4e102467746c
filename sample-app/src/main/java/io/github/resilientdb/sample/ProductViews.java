package io.github.resilientdb.sample;

import java.util.Objects;

import io.github.resilientdb.Idempotency;
import io.github.resilientdb.ResilientDb;

import org.springframework.context.annotation.Conditional;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Service;

/**
 * Counts product views in Redis; present only when Redis is configured (see {@link RedisConfiguredCondition}).
 */
@Service
@Conditional(RedisConfiguredCondition.class)
public class ProductViews {

	private final StringRedisTemplate redis;

	public ProductViews(StringRedisTemplate redis) {
		this.redis = redis;
	}

	/**
	 * Records a view of a product. Not idempotent: an increment is retried only when Redis never received it.
	 * @param productId the product identifier
	 * @return the number of views so far
	 */
	@ResilientDb(datastore = "redis", idempotency = Idempotency.NOT_IDEMPOTENT)
	public long recordView(String productId) {
		return Objects.requireNonNull(this.redis.opsForValue().increment("product:" + productId + ":views"));
	}

}
