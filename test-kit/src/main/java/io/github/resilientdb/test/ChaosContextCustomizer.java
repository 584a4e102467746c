package io.github.resilientdb.test;

import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Before the test's context refreshes: registers the {@link ChaosProxies} and {@link ResilientDbAssertions} beans and the post-processor that points
 * each connection details bean at a new proxy; closes the proxies when the context closes. All chaos tests share
 * one cached context per configuration, like any other customizer without state.
 */
final class ChaosContextCustomizer implements ContextCustomizer {

	static final String PROXIES_BEAN_NAME = "resilientDbChaosProxies";

	static final String ASSERTIONS_BEAN_NAME = "resilientDbAssertions";

	@Override
	public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
		ChaosProxies proxies = new ChaosProxies();
		context.getBeanFactory().registerSingleton(PROXIES_BEAN_NAME, proxies);
		context.getBeanFactory().registerSingleton(ASSERTIONS_BEAN_NAME, new ResilientDbAssertions(context));
		context.getBeanFactory().addBeanPostProcessor(new ConnectionDetailsProxyingPostProcessor(proxies));
		context.addApplicationListener((ApplicationListener<ContextClosedEvent>) (event) -> {
			if (event.getApplicationContext() == context) {
				proxies.close();
			}
		});
	}

	@Override
	public boolean equals(Object other) {
		return other != null && other.getClass() == getClass();
	}

	@Override
	public int hashCode() {
		return getClass().hashCode();
	}

}
