package io.github.resilientdb.test;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import org.springframework.context.ApplicationContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * The JUnit 5 side of {@link ResilientDbChaos}: starts each test with every proxy passing traffic, switches them back
 * after it (so a failed test does not leave the next one in a blackhole), and resolves {@link ChaosProxies}
 * parameters. Spring's own {@link SpringExtension} must be active too ({@code @SpringBootTest} registers it).
 */
public final class ChaosExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

	@Override
	public void beforeEach(ExtensionContext context) {
		proxies(context).passAll();
	}

	@Override
	public void afterEach(ExtensionContext context) {
		proxies(context).passAll();
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == ChaosProxies.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return proxies(extensionContext);
	}

	private static ChaosProxies proxies(ExtensionContext context) {
		ApplicationContext applicationContext = SpringExtension.getApplicationContext(context);
		return applicationContext.getBean(ChaosProxies.class);
	}

}
