package io.github.resilientdb.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Leaves Redis out unless it is configured: without a {@code spring.data.redis} connection property, Spring Boot
 * would connect to {@code localhost:6379} and report the application down when nothing listens there, so its Redis
 * auto-configuration is excluded (keeping any exclusions the application already has).
 */
class OptionalRedisEnvironmentPostProcessor implements EnvironmentPostProcessor {

	private static final String EXCLUDE = "spring.autoconfigure.exclude";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (RedisConfiguredCondition.isRedisConfigured(environment)) {
			return;
		}
		List<String> exclusions = new ArrayList<>(
				Binder.get(environment).bind(EXCLUDE, Bindable.listOf(String.class)).orElseGet(List::of));
		exclusions.add(DataRedisAutoConfiguration.class.getName());
		environment.getPropertySources()
			.addFirst(new MapPropertySource("optionalRedis", Map.of(EXCLUDE, String.join(",", exclusions))));
	}

}
