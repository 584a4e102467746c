package io.github.resilientdb.autoconfigure;

import java.util.Set;

import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;

/**
 * Puts Spring's cache advice ahead of {@code @ResilientDb}, so that a cache hit answers without consulting the
 * datastore's policy (an open breaker never refuses it and it never counts as a breaker outcome) while a miss runs
 * behind the policy. Only the default order ({@code @EnableCaching} without {@code order}, lowest precedence) is
 * moved: an order the application chose is kept.
 */
final class CacheAdvisorOrderPostProcessor implements BeanPostProcessor, PriorityOrdered {

	/**
	 * Order given to the cache advisors: just ahead of the resilient-db advisor.
	 */
	static final int CACHE_ADVISOR_ORDER = ResilientDbAutoConfiguration.ADVISOR_ORDER - 1;

	private static final Set<String> CACHE_ADVISORS = Set.of(
			"org.springframework.cache.interceptor.BeanFactoryCacheOperationSourceAdvisor",
			"org.springframework.cache.jcache.interceptor.BeanFactoryJCacheOperationSourceAdvisor");

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof AbstractPointcutAdvisor advisor && CACHE_ADVISORS.contains(bean.getClass().getName())
				&& advisor.getOrder() == Ordered.LOWEST_PRECEDENCE) {
			advisor.setOrder(CACHE_ADVISOR_ORDER);
		}
		return bean;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
