package io.github.resilientdb.mongo.durability;

import com.mongodb.WriteConcern;
import io.github.resilientdb.mongo.MongoTestServerExtension;
import io.github.resilientdb.mongo.autoconfigure.MongoResilientDbAutoConfiguration;
import io.github.resilientdb.mongo.pool.MongoClientDefaultsCustomizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.WriteConcernResolver;
import org.springframework.data.mongodb.core.WriteResultChecking;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MongoTemplateDurabilityPostProcessor} wires the durability resolver into Spring Boot's
 * {@link MongoTemplate}, and backs off in favour of the application's own resolver.
 */
class MongoTemplateDurabilityPostProcessorTests {

	@RegisterExtension
	static final MongoTestServerExtension server = new MongoTestServerExtension();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MongoAutoConfiguration.class, DataMongoAutoConfiguration.class,
				MongoResilientDbAutoConfiguration.class));

	@Test
	void runShouldWireTheDurabilityResolverIntoTheTemplate() {
		this.runner.withPropertyValues("spring.mongodb.uri=" + server.connectionString()).run((context) -> {
			assertThat(context).hasSingleBean(DurabilityWriteConcernResolver.class)
				.hasSingleBean(MongoTemplateDurabilityPostProcessor.class);
			assertThat(resolverOf(context.getBean(MongoTemplate.class)))
				.isSameAs(context.getBean(DurabilityWriteConcernResolver.class));
		});
	}

	@Test
	void runShouldLeaveWriteResultCheckingAloneSoThatFireAndForgetStaysUnacknowledged() {
		this.runner.withPropertyValues("spring.mongodb.uri=" + server.connectionString())
			.run((context) -> assertThat(
					ReflectionTestUtils.getField(context.getBean(MongoTemplate.class), "writeResultChecking"))
				.isEqualTo(WriteResultChecking.NONE));
	}

	@Test
	void runWithApplicationResolverShouldWireItInstead() {
		WriteConcernResolver own = (action) -> WriteConcern.W2;
		this.runner.withPropertyValues("spring.mongodb.uri=" + server.connectionString())
			.withBean("ownResolver", WriteConcernResolver.class, () -> own)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(DurabilityWriteConcernResolver.class);
				assertThat(resolverOf(context.getBean(MongoTemplate.class))).isSameAs(own);
			});
	}

	@Test
	void runWithoutSpringDataMongoDbShouldKeepThePoolDefaultsOnly() {
		this.runner.withPropertyValues("spring.mongodb.uri=" + server.connectionString())
			.withClassLoader(new FilteredClassLoader(MongoTemplate.class))
			.run((context) -> assertThat(context).hasSingleBean(MongoClientDefaultsCustomizer.class)
				.doesNotHaveBean(WriteConcernResolver.class)
				.doesNotHaveBean(MongoTemplateDurabilityPostProcessor.class));
	}

	@Test
	void runWhenDisabledShouldNotWireAnything() {
		this.runner.withPropertyValues("spring.mongodb.uri=" + server.connectionString(), "resilientdb.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(MongoTemplateDurabilityPostProcessor.class);
				assertThat(resolverOf(context.getBean(MongoTemplate.class)))
					.isNotInstanceOf(DurabilityWriteConcernResolver.class);
			});
	}

	@Test
	void templateIsLeftAsItIsWithoutAUniqueResolver() {
		MongoTemplateDurabilityPostProcessor postProcessor = new MongoTemplateDurabilityPostProcessor(
				new StaticListableBeanFactory().getBeanProvider(WriteConcernResolver.class));
		Object bean = new Object();
		assertThat(postProcessor.postProcessBeforeInitialization(bean, "bean")).isSameAs(bean);
	}

	private static Object resolverOf(MongoTemplate template) {
		return ReflectionTestUtils.getField(template, "writeConcernResolver");
	}

}
