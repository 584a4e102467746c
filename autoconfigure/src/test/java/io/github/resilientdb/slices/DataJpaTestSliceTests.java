package io.github.resilientdb.slices;

import io.github.resilientdb.engine.ResilientDbRegistries;
import io.github.resilientdb.test.server.PrivatePostgres;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase.Replace;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @DataJpaTest} with the starter on the class path, against a real PostgreSQL server: the slice starts, and
 * its {@code @ResilientDb} repository runs behind the {@code jdbc} datastore's policy as in the application.
 * The context is closed after the class, so that its clients (and their pool MBeans) do not outlive it.
 */
@DirtiesContext
@DataJpaTest(properties = "spring.jpa.hibernate.ddl-auto=create-drop")
@AutoConfigureTestDatabase(replace = Replace.NONE)
class DataJpaTestSliceTests {

	@Autowired
	private SlicePetRepository pets;

	@Autowired
	private ResilientDbRegistries registries;

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		PrivatePostgres postgres = PrivatePostgres.shared();
		registry.add("spring.datasource.url", postgres::jdbcUrl);
		registry.add("spring.datasource.username", postgres::user);
		registry.add("spring.datasource.password", postgres::password);
	}

	@Test
	void repositoryRunsBehindTheJdbcPolicy() {
		this.pets.save(new SlicePet("Leo"));
		assertThat(this.pets.findAll()).extracting(SlicePet::getName).containsExactly("Leo");
		assertThat(this.registries.circuitBreakers().circuitBreaker("jdbc").getMetrics().getNumberOfSuccessfulCalls())
			.isEqualTo(2);
	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = SlicePet.class)
	@EnableJpaRepositories(basePackageClasses = SlicePet.class)
	static class SliceConfiguration {

	}

}
