package io.github.resilientdb.health.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.AdditionalPathsMapper;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class ReadinessGroupPostProcessorTests {

	private final TestGroup primary = new TestGroup(Set.of("*"), null);

	private final TestGroup liveness = new TestGroup(Set.of("livenessState"),
			AdditionalHealthEndpointPath.of(WebServerNamespace.SERVER, "/livez"));

	private final TestGroup readiness = new TestGroup(Set.of("readinessState"),
			AdditionalHealthEndpointPath.of(WebServerNamespace.SERVER, "/readyz"));

	private final HealthEndpointGroups groups = new MappedGroups(this.primary,
			Map.of("liveness", this.liveness, "readiness", this.readiness));

	@Test
	void postProcessShouldAddContributorAndChildrenToReadinessOnly() {
		HealthEndpointGroups processed = postProcess(new MockEnvironment());
		HealthEndpointGroup readiness = processed.get("readiness");
		assertThat(readiness.isMember("readinessState")).isTrue();
		assertThat(readiness.isMember("resilientDb")).isTrue();
		assertThat(readiness.isMember("resilientDb/jdbc")).isTrue();
		assertThat(readiness.isMember("resilientDbOther")).isFalse();
		assertThat(readiness.isMember("db")).isFalse();
		assertThat(processed.get("liveness")).isSameAs(this.liveness);
		assertThat(processed.get("liveness").isMember("resilientDb")).isFalse();
		assertThat(processed.getPrimary()).isSameAs(this.primary);
		assertThat(processed.getNames()).containsExactlyInAnyOrder("liveness", "readiness");
	}

	@Test
	void postProcessShouldKeepEverythingElseOfTheReadinessGroup() {
		HealthEndpointGroup readiness = postProcess(new MockEnvironment()).get("readiness");
		assertThat(readiness.getAdditionalPath()).isEqualTo(this.readiness.getAdditionalPath());
		assertThat(readiness.getStatusAggregator()).isSameAs(this.readiness.getStatusAggregator());
		assertThat(readiness.getHttpCodeStatusMapper()).isSameAs(this.readiness.getHttpCodeStatusMapper());
		assertThat(readiness.showDetails(SecurityContext.NONE)).isTrue();
		assertThat(readiness.showComponents(SecurityContext.NONE)).isFalse();
	}

	@Test
	void postProcessShouldFindGroupsByAdditionalPathAndKeepPathsMapper() {
		HealthEndpointGroups processed = postProcess(new MockEnvironment());
		assertThat(processed.get(AdditionalHealthEndpointPath.of(WebServerNamespace.SERVER, "/readyz"))
			.isMember("resilientDb")).isTrue();
		assertThat(processed).isInstanceOf(AdditionalPathsMapper.class);
		assertThat(((AdditionalPathsMapper) processed).getAdditionalPaths(EndpointId.of("health"),
				WebServerNamespace.SERVER))
			.containsExactly("/livez", "/readyz");
	}

	@Test
	void postProcessWhenIncludeConfiguredShouldLeaveGroupsAlone() {
		MockEnvironment environment = new MockEnvironment()
			.withProperty("management.endpoint.health.group.readiness.include", "readinessState,db");
		assertThat(postProcess(environment)).isSameAs(this.groups);
	}

	@Test
	void postProcessWhenIndexedIncludeConfiguredShouldLeaveGroupsAlone() {
		MockEnvironment environment = new MockEnvironment()
			.withProperty("management.endpoint.health.group.readiness.include[0]", "readinessState");
		assertThat(postProcess(environment)).isSameAs(this.groups);
	}

	@Test
	void postProcessWhenExcludeConfiguredShouldLeaveGroupsAlone() {
		MockEnvironment environment = new MockEnvironment()
			.withProperty("management.endpoint.health.group.readiness.exclude", "resilientDb");
		assertThat(postProcess(environment)).isSameAs(this.groups);
	}

	@Test
	void postProcessWithoutReadinessGroupShouldLeaveGroupsAlone() {
		HealthEndpointGroups withoutReadiness = new MappedGroups(this.primary, Map.of("liveness", this.liveness));
		assertThat(new ReadinessGroupPostProcessor("resilientDb", new MockEnvironment())
			.postProcessHealthEndpointGroups(withoutReadiness)).isSameAs(withoutReadiness);
	}

	private HealthEndpointGroups postProcess(MockEnvironment environment) {
		return new ReadinessGroupPostProcessor("resilientDb", environment).postProcessHealthEndpointGroups(this.groups);
	}

	private record MappedGroups(HealthEndpointGroup primary,
			Map<String, HealthEndpointGroup> groups) implements HealthEndpointGroups, AdditionalPathsMapper {

		@Override
		public HealthEndpointGroup getPrimary() {
			return this.primary;
		}

		@Override
		public Set<String> getNames() {
			return this.groups.keySet();
		}

		@Override
		public @Nullable HealthEndpointGroup get(String name) {
			return this.groups.get(name);
		}

		@Override
		public List<String> getAdditionalPaths(EndpointId endpointId, WebServerNamespace webServerNamespace) {
			return this.groups.values()
				.stream()
				.map(HealthEndpointGroup::getAdditionalPath)
				.filter((path) -> path != null)
				.map(AdditionalHealthEndpointPath::getValue)
				.sorted()
				.toList();
		}

	}

	private static final class TestGroup implements HealthEndpointGroup {

		private final Set<String> members;

		private final @Nullable AdditionalHealthEndpointPath additionalPath;

		private final StatusAggregator statusAggregator = StatusAggregator.getDefault();

		private final HttpCodeStatusMapper httpCodeStatusMapper = HttpCodeStatusMapper.DEFAULT;

		TestGroup(Set<String> members, @Nullable AdditionalHealthEndpointPath additionalPath) {
			this.members = members;
			this.additionalPath = additionalPath;
		}

		@Override
		public boolean isMember(String name) {
			return this.members.contains("*") || this.members.contains(name);
		}

		@Override
		public boolean showComponents(SecurityContext securityContext) {
			return false;
		}

		@Override
		public boolean showDetails(SecurityContext securityContext) {
			return true;
		}

		@Override
		public StatusAggregator getStatusAggregator() {
			return this.statusAggregator;
		}

		@Override
		public HttpCodeStatusMapper getHttpCodeStatusMapper() {
			return this.httpCodeStatusMapper;
		}

		@Override
		public @Nullable AdditionalHealthEndpointPath getAdditionalPath() {
			return this.additionalPath;
		}

	}

}
