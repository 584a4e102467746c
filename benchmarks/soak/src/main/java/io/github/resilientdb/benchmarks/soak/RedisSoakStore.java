package io.github.resilientdb.benchmarks.soak;

import io.github.resilientdb.Idempotency;
import io.github.resilientdb.ResilientDb;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The soak workload on Redis: {@code RPUSH soak_once} (a retry would push twice), {@code SADD soak_upsert},
 * {@code SISMEMBER}.
 */
class RedisSoakStore implements SoakStore {

	static final String ONCE_KEY = "soak_once";

	static final String UPSERT_KEY = "soak_upsert";

	private final StringRedisTemplate redis;

	RedisSoakStore(StringRedisTemplate redis) {
		this.redis = redis;
	}

	@Override
	@ResilientDb(datastore = "redis", idempotency = Idempotency.NOT_IDEMPOTENT)
	public void writeOnce(String id) {
		this.redis.opsForList().rightPush(ONCE_KEY, id);
	}

	@Override
	@ResilientDb(datastore = "redis", idempotency = Idempotency.IDEMPOTENT)
	public void upsert(String id) {
		this.redis.opsForSet().add(UPSERT_KEY, id);
	}

	@Override
	@ResilientDb(datastore = "redis", idempotency = Idempotency.IDEMPOTENT)
	public boolean read(String id) {
		return Boolean.TRUE.equals(this.redis.opsForSet().isMember(UPSERT_KEY, id));
	}

}
