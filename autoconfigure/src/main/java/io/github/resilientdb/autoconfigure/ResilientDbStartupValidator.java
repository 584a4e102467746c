package io.github.resilientdb.autoconfigure;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;

import io.github.resilientdb.engine.MethodPolicies;
import io.github.resilientdb.engine.ResilientDbPointcut;

import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ReflectionUtils;

/**
 * Resolves the policy of every {@code @ResilientDb} method of every singleton once the application has started, so
 * that an unknown datastore or retry policy, or a missing fallback, fails the start instead of the first call.
 */
class ResilientDbStartupValidator implements SmartInitializingSingleton, BeanFactoryAware {

	private final ObjectProvider<MethodPolicies> policies;

	private final ResilientDbPointcut pointcut = new ResilientDbPointcut();

	private ConfigurableListableBeanFactory beanFactory;

	ResilientDbStartupValidator(ObjectProvider<MethodPolicies> policies) {
		this.policies = policies;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
		this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		MethodPolicies methodPolicies = this.policies.getObject();
		for (String name : this.beanFactory.getSingletonNames()) {
			Object bean = productOf(name, this.beanFactory.getSingleton(name));
			if (bean instanceof Advised advised && Arrays.stream(advised.getAdvisors())
				.anyMatch((advisor) -> advisor.getAdvice() instanceof LazyMethodInterceptor)) {
				Object target = AopProxyUtils.getSingletonTarget(bean);
				if (target != null) {
					validate(methodPolicies, target);
				}
			}
		}
	}

	private Object productOf(String name, Object bean) {
		if (bean instanceof FactoryBean<?> factoryBean && factoryBean.isSingleton()
				&& this.beanFactory.containsBean(name)) {
			return this.beanFactory.getBean(name);
		}
		return bean;
	}

	private void validate(MethodPolicies methodPolicies, Object target) {
		Class<?> targetClass = target.getClass();
		Method[] methods = Proxy.isProxyClass(targetClass) ? interfaceMethods(targetClass)
				: ReflectionUtils.getUniqueDeclaredMethods(targetClass, ReflectionUtils.USER_DECLARED_METHODS);
		for (Method method : methods) {
			if (this.pointcut.matches(method, targetClass)) {
				methodPolicies.validate(target, method);
			}
		}
	}

	private static Method[] interfaceMethods(Class<?> proxyClass) {
		return Arrays.stream(proxyClass.getInterfaces())
			.flatMap((type) -> Arrays.stream(type.getMethods()))
			.toArray(Method[]::new);
	}

}
