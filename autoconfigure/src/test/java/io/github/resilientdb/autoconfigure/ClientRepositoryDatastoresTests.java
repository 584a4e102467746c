package io.github.resilientdb.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.resilientdb.autoconfigure.ClientRepositoryDatastores.ClientProperty;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.config.RuntimeBeanReference;
import org.springframework.beans.factory.support.BeanDefinitionBuilder;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@link ClientRepositoryDatastores} follows a repository factory bean's properties to a client bean: a reference
 * by name, a reference by type (Spring Data JDBC's default template), a bean name given as a value (Spring Data JDBC's
 * transaction manager), in the order given.
 */
class ClientRepositoryDatastoresTests {

	private final DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();

	private final Client primaryClient = new Client();

	private final Client secondClient = new Client();

	ClientRepositoryDatastoresTests() {
		this.beanFactory.registerSingleton("primaryClient", this.primaryClient);
		this.beanFactory.registerSingleton("secondClient", this.secondClient);
	}

	@Test
	void datastoreWhenPropertyReferencesBeanByNameShouldBeItsClientsDatastore() {
		this.beanFactory.registerSingleton("secondOperations", new Operations(this.secondClient));
		Object repository = repository(new RuntimeBeanReference("secondOperations"), null);
		assertThat(datastores().datastore(repository)).isEqualTo("secondClient");
	}

	@Test
	void datastoreWhenPropertyReferencesBeanByTypeShouldBeItsClientsDatastore() {
		this.beanFactory.registerSingleton("secondOperations", new Operations(this.secondClient));
		Object repository = repository(new RuntimeBeanReference(Operations.class), null);
		assertThat(datastores().datastore(repository)).isEqualTo("secondClient");
	}

	@Test
	void datastoreWhenPropertyIsBeanNameShouldBeItsClientsDatastore() {
		this.beanFactory.registerSingleton("secondTransactions", new Operations(this.secondClient));
		Object repository = repository(null, "secondTransactions");
		assertThat(datastores().datastore(repository)).isEqualTo("secondClient");
	}

	@Test
	void datastoreWhenFirstPropertyLeadsToNoClientBeanShouldFollowTheNext() {
		this.beanFactory.registerSingleton("strayOperations", new Operations(new Client()));
		this.beanFactory.registerSingleton("primaryTransactions", new Operations(this.primaryClient));
		Object repository = repository(new RuntimeBeanReference("strayOperations"), "primaryTransactions");
		assertThat(datastores().datastore(repository)).isEqualTo("kind");
	}

	@Test
	void datastoreWhenFirstPropertyLeadsToClientBeanShouldNotFollowTheNext() {
		this.beanFactory.registerSingleton("secondOperations", new Operations(this.secondClient));
		this.beanFactory.registerSingleton("primaryTransactions", new Operations(this.primaryClient));
		Object repository = repository(new RuntimeBeanReference("secondOperations"), "primaryTransactions");
		assertThat(datastores().datastore(repository)).isEqualTo("secondClient");
	}

	@Test
	void datastoreWhenPropertyIsUnsetShouldBeUnknown() {
		Object repository = repository(null, null);
		assertThat(datastores().datastore(repository)).isNull();
	}

	private ClientRepositoryDatastores datastores() {
		Map<String, String> datastoresByBean = new LinkedHashMap<>();
		datastoresByBean.put("primaryClient", "kind");
		datastoresByBean.put("secondClient", "secondClient");
		return new ClientRepositoryDatastores(this.beanFactory, new DatastoreClients("kind", datastoresByBean),
				RepositoryFactoryBean.class,
				List.of(new ClientProperty("operations", ClientRepositoryDatastoresTests::client),
						new ClientProperty("transactionManager", ClientRepositoryDatastoresTests::client)));
	}

	private static Client client(Object bean) {
		return (bean instanceof Operations operations) ? operations.client() : null;
	}

	private Object repository(Object operations, String transactionManager) {
		BeanDefinitionBuilder definition = BeanDefinitionBuilder.rootBeanDefinition(RepositoryFactoryBean.class);
		if (operations != null) {
			definition.addPropertyValue("operations", operations);
		}
		if (transactionManager != null) {
			definition.addPropertyValue("transactionManager", transactionManager);
		}
		this.beanFactory.registerBeanDefinition("repository", definition.getBeanDefinition());
		return this.beanFactory.getBean("repository");
	}

	static final class Client {

	}

	record Operations(Client client) {

	}

	static final class Repository {

	}

	static class RepositoryFactoryBean implements FactoryBean<Repository> {

		private final Repository repository = new Repository();

		public void setOperations(Object operations) {
		}

		public void setTransactionManager(String transactionManager) {
		}

		@Override
		public Repository getObject() {
			return this.repository;
		}

		@Override
		public Class<?> getObjectType() {
			return Repository.class;
		}

	}

}
