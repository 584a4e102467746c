package io.github.resilientdb.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.EventProcessor;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadAutoConfiguration;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot.retry.autoconfigure.RetryAutoConfiguration;
import io.github.resilientdb.Idempotency;
import io.github.resilientdb.ResilientDb;
import io.github.resilientdb.classify.ErrorCategory;
import io.github.resilientdb.classify.ErrorClassification;
import io.github.resilientdb.classify.ErrorClassifier;
import io.github.resilientdb.engine.DatastorePolicy;
import io.github.resilientdb.engine.DatastoreType;
import io.github.resilientdb.engine.Datastores;
import io.github.resilientdb.engine.MethodPolicies;
import io.github.resilientdb.engine.ResilientDbInterceptor;
import io.github.resilientdb.engine.ResilientDbRegistries;
import io.github.resilientdb.engine.RetryBudget;
import io.github.resilientdb.engine.RetryPolicies;
import io.github.resilientdb.jdbc.autoconfigure.JdbcResilientDbAutoConfiguration;
import io.github.resilientdb.mongo.autoconfigure.MongoResilientDbAutoConfiguration;
import io.github.resilientdb.redis.autoconfigure.RedisResilientDbAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.aop.Advisor;
import org.springframework.aop.config.AopConfigUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.dao.QueryTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ResilientDbAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ResilientDbAutoConfiguration.class))
		.withUserConfiguration(StoreConfiguration.class)
		.withPropertyValues("resilientdb.datastores.test.retry.non-atomic-writes=true",
				"resilientdb.datastores.test.retry.delay=1ms",
				"resilientdb.datastores.test.retry.max-delay=2ms");

	@Test
	void runShouldCreateAdvisorInterceptorAndPolicies() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ResilientDbProperties.class)
				.hasSingleBean(ErrorClassification.class)
				.hasSingleBean(MethodPolicies.class)
				.hasSingleBean(ResilientDbInterceptor.class)
				.hasSingleBean(ResilientDbStartupValidator.class)
				.hasBean("resilientDbAdvisor")
				.hasBean(AopConfigUtils.AUTO_PROXY_CREATOR_BEAN_NAME);
			assertThat(context.getBean("resilientDbAdvisor", Advisor.class)).isInstanceOfSatisfying(Ordered.class,
					(advisor) -> assertThat(advisor.getOrder()).isEqualTo(ResilientDbAutoConfiguration.ADVISOR_ORDER));
		});
	}

	@Test
	void runShouldProxyAnnotatedBeansOnly() {
		this.runner.run((context) -> {
			assertThat(AopUtils.isAopProxy(context.getBean(Service.class))).isTrue();
			assertThat(AopUtils.isAopProxy(context.getBean(PlainService.class))).isFalse();
		});
	}

	@Test
	void runShouldApplyPolicyToAnnotatedMethods() {
		this.runner.run((context) -> {
			Service service = context.getBean(Service.class);
			assertThat(service.flaky()).isEqualTo("ok");
			assertThat(service.attempts()).isEqualTo(3);
		});
	}

	@Test
	void runWhenDisabledShouldNotCreateAdvisorOrInterceptor() {
		this.runner.withPropertyValues("resilientdb.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(ResilientDbInterceptor.class)
				.doesNotHaveBean(MethodPolicies.class)
				.doesNotHaveBean(ErrorClassification.class)
				.doesNotHaveBean(ResilientDbStartupValidator.class)
				.doesNotHaveBean("resilientDbAdvisor");
			Service service = context.getBean(Service.class);
			assertThat(AopUtils.isAopProxy(service)).isFalse();
			assertThatIllegalStateException().isThrownBy(service::flaky);
			assertThat(service.attempts()).isEqualTo(1);
		});
	}

	@Test
	void runWhenDisabledShouldNotValidateAnnotations() {
		this.runner.withPropertyValues("resilientdb.enabled=false")
			.withBean(UnknownDatastoreService.class)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void runWithUserMethodPoliciesShouldUseThem() {
		this.runner.withUserConfiguration(UserMethodPoliciesConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(MethodPolicies.class);
			assertThat(context.getBean(MethodPolicies.class))
				.isSameAs(context.getBean(UserMethodPoliciesConfiguration.class).policies);
			Service service = context.getBean(Service.class);
			assertThatIllegalStateException().isThrownBy(service::flaky);
			assertThat(service.attempts()).isEqualTo(1);
		});
	}

	@Test
	void runWithUserInterceptorShouldUseIt() {
		this.runner.withUserConfiguration(UserInterceptorConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ResilientDbInterceptor.class).hasBean("userInterceptor");
			Service service = context.getBean(Service.class);
			assertThatIllegalStateException().isThrownBy(service::applicationFailure);
			assertThat(service.attempts()).isEqualTo(3);
		});
	}

	@Test
	void runWithUserErrorClassificationShouldUseIt() {
		this.runner.withUserConfiguration(UserErrorClassificationConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ErrorClassification.class).hasBean("userClassification");
			Service service = context.getBean(Service.class);
			assertThatIllegalStateException().isThrownBy(service::applicationFailure);
			assertThat(service.attempts()).isEqualTo(3);
		});
	}

	@Test
	void runShouldAskApplicationErrorClassifierBeforeStoreClassifiers() {
		this.runner.withUserConfiguration(ApplicationClassifierConfiguration.class).run((context) -> {
			ErrorClassification classification = context.getBean(ErrorClassification.class);
			assertThat(classification.classify(new NotSentException())).isEqualTo(ErrorCategory.BUSINESS);
			Service service = context.getBean(Service.class);
			assertThatIllegalStateException().isThrownBy(service::flaky);
			assertThat(service.attempts()).isEqualTo(1);
		});
	}

	@Test
	void runWithoutApplicationClassifierShouldUseStoreThenDataAccessClassifiers() {
		this.runner.run((context) -> {
			ErrorClassification classification = context.getBean(ErrorClassification.class);
			assertThat(classification.classify(new NotSentException())).isEqualTo(ErrorCategory.NOT_SENT);
			assertThat(classification.classify(new QueryTimeoutException("timeout")))
				.isEqualTo(ErrorCategory.MAYBE_APPLIED);
			assertThat(classification.classify(new IllegalArgumentException()))
				.isEqualTo(ErrorCategory.NOT_A_DATABASE_ERROR);
		});
	}

	@Test
	void runWithoutMeterRegistryShouldWork() {
		this.runner.run((context) -> {
			assertThat(context).doesNotHaveBean(MeterRegistry.class);
			assertThat(context.getBean(Service.class).flaky()).isEqualTo("ok");
		});
	}

	@Test
	void runWithMeterRegistryShouldRecordCallsAndRetries() {
		this.runner.withBean(SimpleMeterRegistry.class).run((context) -> {
			assertThat(context.getBean(Service.class).flaky()).isEqualTo("ok");
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("resilientdb.calls")
				.tag("datastore", "test")
				.tag("outcome", "success")
				.tag("method", "Service.flaky")
				.timer()
				.count()).isOne();
			assertThat(meters.get("resilientdb.retries").tag("datastore", "test").counter().count()).isEqualTo(2);
		});
	}

	@Test
	void runWithMethodTagDisabledShouldOmitMethodTag() {
		this.runner.withBean(SimpleMeterRegistry.class)
			.withPropertyValues("resilientdb.metrics.method-tag=false")
			.run((context) -> {
				context.getBean(Service.class).flaky();
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.get("resilientdb.calls").tag("outcome", "success").timer().getId().getTag("method"))
					.isNull();
			});
	}

	@Test
	void runWithoutResilience4jRegistriesShouldWork() {
		this.runner.run((context) -> {
			assertThat(context).doesNotHaveBean(CircuitBreakerRegistry.class)
				.doesNotHaveBean(BulkheadRegistry.class)
				.doesNotHaveBean(RetryRegistry.class);
			assertThat(context.getBean(Service.class).flaky()).isEqualTo("ok");
		});
	}

	@Test
	void runShouldKeepInstancesNamedAfterDatastoreInItsOwnRegistries() {
		this.runner
			.withConfiguration(AutoConfigurations.of(CircuitBreakerAutoConfiguration.class,
					RetryAutoConfiguration.class, BulkheadAutoConfiguration.class))
			.withPropertyValues("resilientdb.datastores.test.circuit-breaker.sliding-window-size=7",
					"resilientdb.datastores.test.bulkhead.max-concurrent-calls=3")
			.run((context) -> {
				ResilientDbRegistries registries = context.getBean(ResilientDbRegistries.class);
				assertThat(registries.circuitBreakers().find("test")).hasValueSatisfying((breaker) -> assertThat(
						breaker.getCircuitBreakerConfig().getSlidingWindowSize()).isEqualTo(7));
				assertThat(registries.bulkheads().find("test")).hasValueSatisfying(
						(bulkhead) -> assertThat(bulkhead.getBulkheadConfig().getMaxConcurrentCalls()).isEqualTo(3));
				assertThat(registries.retries().find("test")).isPresent();
				assertThat(registries.retries().find("test.fast")).hasValueSatisfying(
						(retry) -> assertThat(retry.getRetryConfig().getMaxAttempts()).isEqualTo(3));
				assertThat(registries.retries().find("test.none")).isEmpty();
				assertThat(context.getBean(CircuitBreakerRegistry.class).find("test"))
					.as("the application's own registry is left to the application")
					.isEmpty();
				assertThat(context.getBean(Service.class).flaky()).isEqualTo("ok");
			});
	}

	@Test
	void runShouldBindResilience4jMetersWithoutPerCallEvents() {
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			context.getBean(Service.class).flaky();
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("resilience4j.circuitbreaker.state").tag("name", "test").tag("state", "closed")
				.gauge()
				.value()).isOne();
			assertThat(meters.get("resilience4j.bulkhead.max.allowed.concurrent.calls").tag("name", "test").gauge()
				.value()).isEqualTo(50);
			assertThat(meters.find("resilience4j.circuitbreaker.calls").timers()).isEmpty();
			ResilientDbRegistries registries = context.getBean(ResilientDbRegistries.class);
			CircuitBreaker breaker = registries.circuitBreakers().circuitBreaker("test");
			Bulkhead bulkhead = registries.bulkheads().bulkhead("test");
			assertThat(((EventProcessor<?>) breaker.getEventPublisher()).hasConsumers()).isFalse();
			assertThat(((EventProcessor<?>) bulkhead.getEventPublisher()).hasConsumers()).isFalse();
		});
	}

	@Test
	void runWithResilience4jCallTimersShouldBindResilience4jBreakerBinder() {
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("resilientdb.metrics.resilience4j-call-timers=true")
			.run((context) -> {
			context.getBean(Service.class).flaky();
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("resilience4j.circuitbreaker.calls").tag("name", "test").tag("kind", "successful")
				.timer()
				.count()).isOne();
		});
	}

	@Test
	void runWithAspectJAutoProxyShouldProxyOnce() {
		this.runner.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class)).run((context) -> {
			Service service = context.getBean(Service.class);
			assertThat(service.flaky()).isEqualTo("ok");
			assertThat(service.attempts()).isEqualTo(3);
		});
	}

	@Test
	void autoConfigurationsShouldBeRegistered() {
		assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates())
			.contains(ResilientDbAutoConfiguration.class.getName(), JdbcResilientDbAutoConfiguration.class.getName(),
					MongoResilientDbAutoConfiguration.class.getName(),
					RedisResilientDbAutoConfiguration.class.getName());
	}

	static class NotSentException extends IllegalStateException {

	}

	@Configuration(proxyBeanMethods = false)
	static class StoreConfiguration {

		@Bean
		DatastoreType testDatastoreType() {
			return new DatastoreType("test",
					(error) -> (error instanceof NotSentException) ? ErrorCategory.NOT_SENT : null, List.of());
		}

		@Bean
		Service service() {
			return new Service();
		}

		@Bean
		PlainService plainService() {
			return new PlainService();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserMethodPoliciesConfiguration {

		final MethodPolicies policies = userPolicies();

		@Bean
		MethodPolicies userMethodPolicies() {
			return this.policies;
		}

		private static MethodPolicies userPolicies() {
			SimpleMeterRegistry meters = new SimpleMeterRegistry();
			DatastorePolicy test = new DatastorePolicy("test", Bulkhead.ofDefaults("test"),
					CircuitBreaker.ofDefaults("test"), new RetryBudget(0.1, 5), meters.counter("retries"));
			DatastoreType type = new DatastoreType("test", (error) -> null, List.of());
			RetryConfig once = RetryConfig.custom().maxAttempts(1).build();
			RetryPolicies retries = new RetryPolicies(RetryRegistry.ofDefaults(), Map.of("test", once),
					Map.of("fast", RetryConfig.ofDefaults(), "none", once));
			return new MethodPolicies(new Datastores(Map.of("test", test), Map.of("test", type)), retries, meters,
					false);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserInterceptorConfiguration {

		@Bean
		ResilientDbInterceptor userInterceptor(MethodPolicies policies) {
			return new ResilientDbInterceptor(policies,
					new ErrorClassification(List.of((error) -> ErrorCategory.NOT_SENT)));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserErrorClassificationConfiguration {

		@Bean
		ErrorClassification userClassification() {
			return new ErrorClassification(List.of((error) -> ErrorCategory.NOT_SENT));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ApplicationClassifierConfiguration {

		@Bean
		ErrorClassifier applicationClassifier() {
			return (error) -> (error instanceof NotSentException) ? ErrorCategory.BUSINESS : null;
		}

	}

	static class Service {

		private final AtomicInteger attempts = new AtomicInteger();

		public int attempts() {
			return this.attempts.get();
		}

		@ResilientDb(idempotency = Idempotency.NOT_IDEMPOTENT)
		public String flaky() {
			if (this.attempts.incrementAndGet() < 3) {
				throw new NotSentException();
			}
			return "ok";
		}

		@ResilientDb(idempotency = Idempotency.NOT_IDEMPOTENT)
		public String applicationFailure() {
			this.attempts.incrementAndGet();
			throw new IllegalStateException("application");
		}

		@ResilientDb(retry = "fast")
		public String fast() {
			return "fast";
		}

		@ResilientDb(retry = "none")
		public String once() {
			return "once";
		}

	}

	static class PlainService {

		public String hello() {
			return "hello";
		}

	}

	static class UnknownDatastoreService {

		@ResilientDb(datastore = "nope")
		public String find() {
			return "found";
		}

	}

}
