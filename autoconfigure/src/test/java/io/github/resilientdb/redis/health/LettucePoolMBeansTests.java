package io.github.resilientdb.redis.health;

import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.StandardMBean;

import io.github.resilientdb.health.PoolUsage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LettucePoolMBeansTests {

	private static final String LETTUCE_FACTORY = "io.lettuce.core.support.ConnectionPoolSupport"
			+ "$RedisPooledObjectFactory<java.lang.Object>";

	private final MBeanServer server = MBeanServerFactory.newMBeanServer();

	private final LettucePoolMBeans pools = new LettucePoolMBeans(this.server);

	@Test
	void usageWithoutPoolsShouldBeUnknown() {
		assertThat(this.pools.usage()).isNull();
	}

	@Test
	void usageShouldSumLettucePoolsOnly() throws Exception {
		register("pool", new Pool(LETTUCE_FACTORY, 3, 1, 2, 8));
		register("pool2", new Pool(LETTUCE_FACTORY, 1, 0, 0, 8));
		register("pool3", new Pool("org.apache.commons.dbcp2.PoolableConnectionFactory", 50, 50, 50, 100));
		assertThat(this.pools.usage()).isEqualTo(PoolUsage.of(4, 1, 2, 16));
	}

	@Test
	void platformShouldBeAvailable() {
		assertThat(LettucePoolMBeans.platform()).isNotNull();
	}

	private void register(String name, Pool pool) throws Exception {
		this.server.registerMBean(new StandardMBean(pool, PoolMXBean.class),
				new ObjectName("org.apache.commons.pool2:type=GenericObjectPool,name=" + name));
	}

	/**
	 * The attributes of commons-pool2's {@code GenericObjectPoolMXBean} that are read.
	 */
	public interface PoolMXBean {

		String getFactoryType();

		int getNumActive();

		int getNumIdle();

		int getNumWaiters();

		int getMaxTotal();

	}

	record Pool(String factoryType, int numActive, int numIdle, int numWaiters, int maxTotal) implements PoolMXBean {

		@Override
		public String getFactoryType() {
			return this.factoryType;
		}

		@Override
		public int getNumActive() {
			return this.numActive;
		}

		@Override
		public int getNumIdle() {
			return this.numIdle;
		}

		@Override
		public int getNumWaiters() {
			return this.numWaiters;
		}

		@Override
		public int getMaxTotal() {
			return this.maxTotal;
		}

	}

}
