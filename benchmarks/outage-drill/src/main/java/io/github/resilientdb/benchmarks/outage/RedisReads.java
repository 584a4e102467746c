package io.github.resilientdb.benchmarks.outage;

import io.github.resilientdb.ResilientDb;

import org.springframework.data.redis.core.StringRedisTemplate;

/** The Redis work of a request: one GET. */
public class RedisReads {

	private final StringRedisTemplate redis;

	RedisReads(StringRedisTemplate redis) {
		this.redis = redis;
	}

	/**
	 * Reads one key.
	 * @return its value, empty when absent
	 */
	@ResilientDb(datastore = "redis")
	public String read() {
		String value = this.redis.opsForValue().get("outage-drill");
		return (value != null) ? value : "";
	}

}
