package io.github.resilientdb.health.autoconfigure;

import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.AdditionalPathsMapper;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.core.env.Environment;

/**
 * Adds a contributor to the {@code readiness} health group, unless the application chose the group's members itself
 * ({@code management.endpoint.health.group.readiness.include} or {@code .exclude}). The {@code liveness} group is
 * never touched: a datastore outage must not get the application restarted.
 * <p>
 * It decorates the groups after Spring Boot's availability probes post-processor has added the probe groups, which
 * it does when registered after it (both have the lowest precedence), and keeps the groups' additional paths.
 */
final class ReadinessGroupPostProcessor implements HealthEndpointGroupsPostProcessor {

	static final String READINESS = "readiness";

	private static final String GROUP_PROPERTY = "management.endpoint.health.group." + READINESS;

	private final String contributor;

	private final boolean membershipConfigured;

	ReadinessGroupPostProcessor(String contributor, Environment environment) {
		this.contributor = contributor;
		Binder binder = Binder.get(environment);
		this.membershipConfigured = binder.bind(GROUP_PROPERTY + ".include", Bindable.setOf(String.class)).isBound()
				|| binder.bind(GROUP_PROPERTY + ".exclude", Bindable.setOf(String.class)).isBound();
	}

	@Override
	public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
		HealthEndpointGroup readiness = groups.get(READINESS);
		if (this.membershipConfigured || readiness == null) {
			return groups;
		}
		return new Groups(groups, new ReadinessGroup(readiness, this.contributor));
	}

	/**
	 * The groups, with the readiness group including the contributor.
	 */
	private static final class Groups implements HealthEndpointGroups, AdditionalPathsMapper {

		private final HealthEndpointGroups delegate;

		private final HealthEndpointGroup readiness;

		Groups(HealthEndpointGroups delegate, HealthEndpointGroup readiness) {
			this.delegate = delegate;
			this.readiness = readiness;
		}

		@Override
		public HealthEndpointGroup getPrimary() {
			return this.delegate.getPrimary();
		}

		@Override
		public Set<String> getNames() {
			return this.delegate.getNames();
		}

		@Override
		public @Nullable HealthEndpointGroup get(String name) {
			return READINESS.equals(name) ? this.readiness : this.delegate.get(name);
		}

		@Override
		public @Nullable List<String> getAdditionalPaths(EndpointId endpointId,
				WebServerNamespace webServerNamespace) {
			return (this.delegate instanceof AdditionalPathsMapper mapper)
					? mapper.getAdditionalPaths(endpointId, webServerNamespace) : null;
		}

	}

	/**
	 * The readiness group, including the contributor and its children.
	 */
	private static final class ReadinessGroup implements HealthEndpointGroup {

		private final HealthEndpointGroup delegate;

		private final String contributor;

		private final String childPrefix;

		ReadinessGroup(HealthEndpointGroup delegate, String contributor) {
			this.delegate = delegate;
			this.contributor = contributor;
			this.childPrefix = contributor + "/";
		}

		@Override
		public boolean isMember(String name) {
			return this.delegate.isMember(name) || name.equals(this.contributor) || name.startsWith(this.childPrefix);
		}

		@Override
		public boolean showComponents(SecurityContext securityContext) {
			return this.delegate.showComponents(securityContext);
		}

		@Override
		public boolean showDetails(SecurityContext securityContext) {
			return this.delegate.showDetails(securityContext);
		}

		@Override
		public StatusAggregator getStatusAggregator() {
			return this.delegate.getStatusAggregator();
		}

		@Override
		public HttpCodeStatusMapper getHttpCodeStatusMapper() {
			return this.delegate.getHttpCodeStatusMapper();
		}

		@Override
		public @Nullable AdditionalHealthEndpointPath getAdditionalPath() {
			return this.delegate.getAdditionalPath();
		}

	}

}
