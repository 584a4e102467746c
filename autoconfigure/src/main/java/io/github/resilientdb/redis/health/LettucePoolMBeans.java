package io.github.resilientdb.redis.health;

import java.lang.management.ManagementFactory;
import java.util.Set;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.github.resilientdb.health.PoolUsage;
import org.jspecify.annotations.Nullable;

/**
 * Reads the use of Lettuce's connection pools from the JMX beans commons-pool2 registers for every pool (its
 * {@code jmxEnabled} default, which Spring Boot keeps), picking those whose factory is Lettuce's: Spring Data Redis
 * keeps the pools themselves out of reach. The pools of every Lettuce connection factory of the JVM are summed, which
 * is exact for the usual single {@code RedisConnectionFactory}.
 */
final class LettucePoolMBeans {

	static final String POOLS = "org.apache.commons.pool2:type=GenericObjectPool,*";

	private static final String LETTUCE_FACTORY = "io.lettuce.";

	private final MBeanServer server;

	LettucePoolMBeans(MBeanServer server) {
		this.server = server;
	}

	static @Nullable LettucePoolMBeans platform() {
		try {
			return new LettucePoolMBeans(ManagementFactory.getPlatformMBeanServer());
		}
		catch (RuntimeException | Error ex) {
			return null;
		}
	}

	/**
	 * The use of Lettuce's pools, summed over the pools of each connection type.
	 * @return the use, or {@code null} if no pool is registered yet
	 */
	@Nullable PoolUsage usage() {
		try {
			Set<ObjectName> names = this.server.queryNames(new ObjectName(POOLS), null);
			int active = 0;
			int idle = 0;
			int pending = 0;
			int max = 0;
			boolean found = false;
			for (ObjectName name : names) {
				Object factoryType = this.server.getAttribute(name, "FactoryType");
				if (factoryType == null || !factoryType.toString().startsWith(LETTUCE_FACTORY)) {
					continue;
				}
				found = true;
				active += intAttribute(name, "NumActive");
				idle += intAttribute(name, "NumIdle");
				pending += intAttribute(name, "NumWaiters");
				max += intAttribute(name, "MaxTotal");
			}
			return found ? PoolUsage.of(active, idle, pending, max) : null;
		}
		catch (JMException ex) {
			return null;
		}
	}

	private int intAttribute(ObjectName name, String attribute) throws JMException {
		Object value = this.server.getAttribute(name, attribute);
		return (value instanceof Number number) ? number.intValue() : 0;
	}

}
