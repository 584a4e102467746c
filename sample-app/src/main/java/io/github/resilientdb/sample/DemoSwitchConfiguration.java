package io.github.resilientdb.sample;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The demonstration's fault switch, whose proxies the embedded datastores' configurations add themselves to.
 */
@Configuration(proxyBeanMethods = false)
class DemoSwitchConfiguration {

	@Bean(destroyMethod = "close")
	DemoSwitch demoSwitch() {
		return new DemoSwitch();
	}

}
