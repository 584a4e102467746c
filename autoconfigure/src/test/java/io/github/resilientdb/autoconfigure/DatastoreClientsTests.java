package io.github.resilientdb.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;

import static org.assertj.core.api.Assertions.assertThat;

class DatastoreClientsTests {

	private final DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();

	@Test
	void ofWithASingleClientShouldNameItsDatastoreAfterTheType() {
		register("dataSource", false);
		DatastoreClients clients = DatastoreClients.of(this.beanFactory, Client.class, "jdbc");
		assertThat(clients.datastoresByBean()).containsExactly(Map.entry("dataSource", "jdbc"));
		assertThat(clients.ownDatastores()).isEmpty();
	}

	@Test
	void ofWithSeveralClientsShouldNameThePrimaryAfterTheTypeAndTheOthersAfterTheirBeans() {
		register("primaryDataSource", true);
		register("reportingDataSource", false);
		register("auditDataSource", false);
		DatastoreClients clients = DatastoreClients.of(this.beanFactory, Client.class, "jdbc");
		assertThat(clients.datastoresByBean()).containsExactly(Map.entry("primaryDataSource", "jdbc"),
				Map.entry("reportingDataSource", "reportingDataSource"),
				Map.entry("auditDataSource", "auditDataSource"));
		assertThat(clients.ownDatastores()).containsOnlyKeys("reportingDataSource", "auditDataSource");
		assertThat(clients.datastore("primaryDataSource")).isEqualTo("jdbc");
		assertThat(clients.datastore("unknown")).isEqualTo("jdbc");
	}

	@Test
	void ofWithSeveralClientsAndNoPrimaryShouldNameEachAfterItsBean() {
		register("ordersDataSource", false);
		register("reportingDataSource", false);
		DatastoreClients clients = DatastoreClients.of(this.beanFactory, Client.class, "jdbc");
		assertThat(clients.ownDatastores()).containsExactly(Map.entry("ordersDataSource", "ordersDataSource"),
				Map.entry("reportingDataSource", "reportingDataSource"));
	}

	@Test
	void clientBeanShouldBeTheDatastoresOwnElseThePrimarys() {
		register("primaryDataSource", true);
		register("reportingDataSource", false);
		DatastoreClients clients = DatastoreClients.of(this.beanFactory, Client.class, "jdbc");
		assertThat(clients.clientBean("reportingDataSource")).isEqualTo("reportingDataSource");
		assertThat(clients.clientBean("jdbc")).isEqualTo("primaryDataSource");
		assertThat(clients.clientBean("declaredByType")).as("no client of its own").isEqualTo("primaryDataSource");
	}

	@Test
	void clientBeanWithSeveralClientsAndNoPrimaryShouldBeNullForADatastoreWithoutItsOwn() {
		register("ordersDataSource", false);
		register("reportingDataSource", false);
		DatastoreClients clients = DatastoreClients.of(this.beanFactory, Client.class, "jdbc");
		assertThat(clients.clientBean("ordersDataSource")).isEqualTo("ordersDataSource");
		assertThat(clients.clientBean("jdbc")).isNull();
	}

	@Test
	void ofWithoutClientsShouldHaveNone() {
		assertThat(DatastoreClients.of(this.beanFactory, Client.class, "jdbc").datastoresByBean()).isEmpty();
	}

	private void register(String name, boolean primary) {
		RootBeanDefinition definition = new RootBeanDefinition(Client.class);
		definition.setPrimary(primary);
		this.beanFactory.registerBeanDefinition(name, definition);
	}

	static class Client {

	}

}
