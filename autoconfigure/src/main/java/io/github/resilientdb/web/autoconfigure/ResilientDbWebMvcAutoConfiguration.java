package io.github.resilientdb.web.autoconfigure;

import io.github.resilientdb.classify.ErrorClassification;
import io.github.resilientdb.web.DatabaseUnavailableExceptionHandler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ProblemDetail;

/**
 * Turns a database call that failed because the database is unavailable (a
 * {@link io.github.resilientdb.DatabaseUnavailableException}, or a data access failure classified as such) into an
 * HTTP 503 with {@code Retry-After} where known, as a problem body or Spring Boot's error page, unless the
 * application handles it itself. Runs after resilient-db's own auto-configuration so that it uses its error
 * classification.
 */
@AutoConfiguration(afterName = "io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration")
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(value = ProblemDetail.class, name = "org.springframework.web.servlet.DispatcherServlet")
@ConditionalOnBooleanProperty(name = "resilientdb.web.exception-handler.enabled", matchIfMissing = true)
public final class ResilientDbWebMvcAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DatabaseUnavailableExceptionHandler resilientDbDatabaseUnavailableExceptionHandler(
			ObjectProvider<ErrorClassification> classification) {
		return new DatabaseUnavailableExceptionHandler(classification.getIfAvailable());
	}

}
