package io.github.resilientdb.actuate.autoconfigure;

import io.github.resilientdb.actuate.ResilientDbSanitizingFunction;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link ResilientDbSanitizingFunction}, which masks the credentials of
 * {@code resilientdb.*} values in actuator's {@code env} and {@code configprops} endpoints.
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public final class ResilientDbSanitizingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ResilientDbSanitizingFunction resilientDbSanitizingFunction() {
		return new ResilientDbSanitizingFunction();
	}

}
