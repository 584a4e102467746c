package io.github.resilientdb.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.cache.config.CacheManagementConfigUtils;
import org.springframework.cache.interceptor.BeanFactoryCacheOperationSourceAdvisor;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class CacheAdvisorOrderPostProcessorTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ResilientDbAutoConfiguration.class));

	@Test
	void runWithDefaultCachingOrderShouldPutTheCacheJustAheadOfResilientDb() {
		this.runner.withUserConfiguration(DefaultOrderCaching.class)
			.run((context) -> assertThat(cacheAdvisor(context).getOrder())
				.isEqualTo(ResilientDbAutoConfiguration.ADVISOR_ORDER - 1)
				.isLessThan(ResilientDbAutoConfiguration.ADVISOR_ORDER));
	}

	@Test
	void runWithApplicationCachingOrderShouldKeepIt() {
		this.runner.withUserConfiguration(ChosenOrderCaching.class)
			.run((context) -> assertThat(cacheAdvisor(context).getOrder()).isEqualTo(42));
	}

	@Test
	void runWhenDisabledShouldLeaveTheCacheOrderAlone() {
		this.runner.withUserConfiguration(DefaultOrderCaching.class)
			.withPropertyValues("resilientdb.enabled=false")
			.run((context) -> assertThat(cacheAdvisor(context).getOrder()).isEqualTo(Integer.MAX_VALUE));
	}

	private static BeanFactoryCacheOperationSourceAdvisor cacheAdvisor(ApplicationContext context) {
		return context.getBean(CacheManagementConfigUtils.CACHE_ADVISOR_BEAN_NAME,
				BeanFactoryCacheOperationSourceAdvisor.class);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class DefaultOrderCaching {

		@Bean
		CacheManager cacheManager() {
			return new ConcurrentMapCacheManager();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching(order = 42)
	static class ChosenOrderCaching {

		@Bean
		CacheManager cacheManager() {
			return new ConcurrentMapCacheManager();
		}

	}

}
