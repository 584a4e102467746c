package io.github.resilientdb.compatibility;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.io.UrlResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;
import org.springframework.util.StringUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class SpringBootVersionVerifierTests {

	@Test
	void supportedLinesAreTheOnesTheBuildTests() {
		assertThat(SupportedSpringBoot.isSupported("4.0.0")).isTrue();
		assertThat(SupportedSpringBoot.isSupported("4.0.9")).isTrue();
		assertThat(SupportedSpringBoot.isSupported("4.1.3")).isTrue();
		assertThat(SupportedSpringBoot.isSupported("4.1.0-RC1")).isTrue();
		assertThat(SupportedSpringBoot.isSupported("3.5.7")).isFalse();
		assertThat(SupportedSpringBoot.isSupported("5.0.0")).isFalse();
		assertThat(SupportedSpringBoot.isSupported("4.2.0-M1")).isFalse();
		assertThat(SupportedSpringBoot.isSupported(null)).isTrue();
		assertThat(SupportedSpringBoot.describe()).isEqualTo("4.0.x and 4.1.x");
	}

	@Test
	void theSpringBootOfThisBuildIsSupported() {
		assertThat(SpringBootVersion.getVersion()).isNotNull();
		assertThat(SupportedSpringBoot.isSupported(SpringBootVersion.getVersion())).isTrue();
	}

	@Test
	void initializeOnUnsupportedSpringBootShouldFailWithAnalyzedException() {
		SpringBootVersionVerifier verifier = new SpringBootVersionVerifier(() -> "3.5.7");
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			assertThatExceptionOfType(UnsupportedSpringBootVersionException.class)
				.isThrownBy(() -> verifier.initialize(context))
				.satisfies((failure) -> {
					FailureAnalysis analysis = new UnsupportedSpringBootVersionFailureAnalyzer().analyze(failure);
					assertThat(analysis).isNotNull();
					assertThat(analysis.getDescription()).isEqualTo("resilient-db supports Spring Boot 4.0.x and "
							+ "4.1.x but the application runs on Spring Boot 3.5.7");
					assertThat(analysis.getAction()).contains("4.0.x and 4.1.x")
						.contains("resilientdb.spring-boot-version-check.enabled");
				});
		}
	}

	@Test
	void analyzerShouldFindTheFailureWrappedByTheStart() {
		RuntimeException wrapped = new IllegalStateException("start failed",
				new UnsupportedSpringBootVersionException("5.0.0"));
		FailureAnalysis analysis = new UnsupportedSpringBootVersionFailureAnalyzer().analyze(wrapped);
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).endsWith("runs on Spring Boot 5.0.0");
	}

	@Test
	void initializeOnUnsupportedSpringBootWithCheckDisabledShouldPass() {
		SpringBootVersionVerifier verifier = new SpringBootVersionVerifier(() -> "5.0.0");
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			TestPropertyValues.of(SpringBootVersionVerifier.ENABLED + "=false").applyTo(context);
			assertThatNoException().isThrownBy(() -> verifier.initialize(context));
		}
	}

	@Test
	void startOnThisSpringBootShouldPassTheRegisteredVerifier() {
		SpringApplication application = new SpringApplication(EmptyConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(Banner.Mode.OFF);
		application.setLogStartupInfo(false);
		assertThat(application.getInitializers()).hasAtLeastOneElementOfType(SpringBootVersionVerifier.class);
		try (ConfigurableApplicationContext context = application.run()) {
			assertThat(context.isActive()).isTrue();
		}
	}

	@Test
	void analyzerIsRegisteredForEveryApplication() throws IOException {
		List<String> analyzers = new ArrayList<>();
		Enumeration<URL> resources = getClass().getClassLoader().getResources("META-INF/spring.factories");
		while (resources.hasMoreElements()) {
			Properties factories = PropertiesLoaderUtils.loadProperties(new UrlResource(resources.nextElement()));
			String names = factories.getProperty(FailureAnalyzer.class.getName(), "");
			analyzers.addAll(StringUtils.commaDelimitedListToSet(names).stream().map(String::trim).toList());
		}
		assertThat(analyzers).contains(UnsupportedSpringBootVersionFailureAnalyzer.class.getName());
	}

	@Configuration(proxyBeanMethods = false)
	static class EmptyConfiguration {

	}

}
