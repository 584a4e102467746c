package io.github.resilientdb.slices;

import java.time.Duration;

import io.github.resilientdb.engine.ResilientDbRegistries;
import io.github.resilientdb.r2dbc.integration.R2dbcPet;
import io.github.resilientdb.r2dbc.integration.R2dbcPetRepository;
import io.github.resilientdb.test.server.PrivatePostgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.r2dbc.test.autoconfigure.DataR2dbcTest;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcProperties;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.data.r2dbc.repository.config.EnableR2dbcRepositories;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @DataR2dbcTest} with the starter on the class path, against a real PostgreSQL server: the slice starts, its
 * {@code @ResilientDb} repository runs behind the {@code r2dbc} datastore's policy, and Spring Boot's pool has the
 * timeouts of the datastore's deadline, as in the application. The context is closed after the class, so that its
 * pool does not outlive it.
 */
@DirtiesContext
@DataR2dbcTest
class DataR2dbcTestSliceTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@Autowired
	private R2dbcPetRepository pets;

	@Autowired
	private DatabaseClient client;

	@Autowired
	private ResilientDbRegistries registries;

	@Autowired
	private R2dbcProperties properties;

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		PrivatePostgres postgres = PrivatePostgres.shared();
		registry.add("spring.r2dbc.url", () -> "r2dbc:postgresql://127.0.0.1:" + postgres.port() + "/test");
		registry.add("spring.r2dbc.username", postgres::user);
		registry.add("spring.r2dbc.password", postgres::password);
	}

	@BeforeEach
	void createTable() {
		this.client.sql("drop table if exists r2dbc_pet").then().block(WAIT);
		this.client.sql("create table r2dbc_pet (id bigserial primary key, name varchar(60) not null)")
			.then()
			.block(WAIT);
	}

	@Test
	void repositoryShouldRunBehindTheR2dbcPolicyOnAPoolWithTheDeadlinesTimeouts() {
		this.pets.save(new R2dbcPet(null, "Leo")).block(WAIT);
		assertThat(this.pets.findAll().collectList().block(WAIT)).extracting(R2dbcPet::name).containsExactly("Leo");
		assertThat(this.registries.circuitBreakers().circuitBreaker("r2dbc").getMetrics().getNumberOfSuccessfulCalls())
			.isEqualTo(2);
		assertThat(this.properties.getPool().getMaxAcquireTime()).isEqualTo(Duration.ofSeconds(1));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableR2dbcRepositories(basePackageClasses = R2dbcPet.class,
			includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = R2dbcPetRepository.class))
	static class SliceConfiguration {

	}

}
