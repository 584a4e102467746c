package io.github.resilientdb.web.autoconfigure;

import io.github.resilientdb.web.DatabaseUnavailableExceptionHandler;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ProblemDetail;

/**
 * Turns a {@link io.github.resilientdb.DatabaseUnavailableException} that reaches Spring MVC into an HTTP 503 with
 * {@code Retry-After} and a problem body, unless the application handles it itself.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(value = ProblemDetail.class, name = "org.springframework.web.servlet.DispatcherServlet")
@ConditionalOnBooleanProperty(name = "resilientdb.web.exception-handler.enabled", matchIfMissing = true)
public final class ResilientDbWebMvcAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DatabaseUnavailableExceptionHandler resilientDbDatabaseUnavailableExceptionHandler() {
		return new DatabaseUnavailableExceptionHandler();
	}

}
