package io.github.resilientdb.sample;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the application is configured to connect to Redis: any of {@code spring.data.redis.url},
 * {@code host}, {@code port}, {@code sentinel.master} or {@code cluster.nodes} is set.
 */
class RedisConfiguredCondition extends SpringBootCondition {

	private static final List<String> CONNECTION_PROPERTIES = List.of("spring.data.redis.url",
			"spring.data.redis.host", "spring.data.redis.port", "spring.data.redis.sentinel.master");

	private static final String CLUSTER_NODES = "spring.data.redis.cluster.nodes";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return isRedisConfigured(context.getEnvironment())
				? ConditionOutcome.match("a spring.data.redis connection property is set")
				: ConditionOutcome.noMatch("no spring.data.redis connection property is set");
	}

	static boolean isRedisConfigured(Environment environment) {
		Binder binder = Binder.get(environment);
		return CONNECTION_PROPERTIES.stream().anyMatch((property) -> binder.bind(property, String.class).isBound())
				|| binder.bind(CLUSTER_NODES, Bindable.listOf(String.class)).isBound();
	}

}
