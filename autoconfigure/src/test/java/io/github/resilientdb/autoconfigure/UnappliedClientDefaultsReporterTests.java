package io.github.resilientdb.autoconfigure;

import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reporter names each client bean of the application that lacks the defaults, once, and never fails the start.
 */
@ExtendWith(OutputCaptureExtension.class)
class UnappliedClientDefaultsReporterTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(TwoClients.class);

	@Test
	void runShouldNameOnlyTheClientsWithoutTheDefaults(CapturedOutput output) {
		this.runner.withUserConfiguration(ReadableClients.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output.getAll().lines().filter((line) -> line.contains("was built by the application")))
					.singleElement()
					.satisfies((line) -> assertThat(line).contains("StringBuilder bean 'bareClient'")
						.contains("call Defaults.apply(builder)"));
			});
	}

	@Test
	void runWhenAClientCannotBeReadShouldStart(CapturedOutput output) {
		this.runner.withUserConfiguration(UnreadableClients.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output.getAll()).doesNotContain("was built by the application");
			});
	}

	private static UnappliedClientDefaultsReporter<StringBuilder> reporter(
			ConfigurableListableBeanFactory beanFactory,
			Predicate<StringBuilder> applied) {
		return new UnappliedClientDefaultsReporter<>(beanFactory, StringBuilder.class, applied,
				"call Defaults.apply(builder)");
	}

	@Configuration(proxyBeanMethods = false)
	static class ReadableClients {

		@Bean
		UnappliedClientDefaultsReporter<StringBuilder> reporter(ConfigurableListableBeanFactory beanFactory) {
			return UnappliedClientDefaultsReporterTests.reporter(beanFactory, (client) -> client.length() > 0);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnreadableClients {

		@Bean
		UnappliedClientDefaultsReporter<StringBuilder> reporter(ConfigurableListableBeanFactory beanFactory) {
			return UnappliedClientDefaultsReporterTests.reporter(beanFactory, (client) -> {
				throw new IllegalStateException("unreadable");
			});
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoClients {

		@Bean
		StringBuilder bareClient() {
			return new StringBuilder();
		}

		@Bean
		StringBuilder defaultedClient() {
			return new StringBuilder("defaults");
		}

	}

}
