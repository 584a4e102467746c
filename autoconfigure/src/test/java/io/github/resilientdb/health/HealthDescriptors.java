package io.github.resilientdb.health;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;

/**
 * Renders a health endpoint answer as text, statuses and details included, as a JSON body would show them; gathers
 * the errors a {@link DatastoreHealthMonitor} keeps, for the tests that look for secrets in what health shows.
 */
public final class HealthDescriptors {

	private HealthDescriptors() {
	}

	public static String render(HealthDescriptor descriptor) {
		StringBuilder text = new StringBuilder();
		render(descriptor, text);
		return text.toString();
	}

	/**
	 * The errors of every check in the monitor's history, of every datastore.
	 * @param monitor the monitor
	 * @return the errors, oldest first per datastore
	 */
	public static List<String> errors(DatastoreHealthMonitor monitor) {
		return monitor.datastores()
			.stream()
			.flatMap((store) -> monitor.history(store).stream())
			.map(DatastoreCheck::error)
			.filter(Objects::nonNull)
			.toList();
	}

	private static void render(HealthDescriptor descriptor, StringBuilder text) {
		text.append('{').append(descriptor.getStatus().getCode());
		if (descriptor instanceof CompositeHealthDescriptor composite && composite.getComponents() != null) {
			for (Map.Entry<String, HealthDescriptor> component : composite.getComponents().entrySet()) {
				text.append(' ').append(component.getKey()).append('=');
				render(component.getValue(), text);
			}
		}
		if (descriptor instanceof IndicatedHealthDescriptor indicated && indicated.getDetails() != null) {
			text.append(' ').append(indicated.getDetails());
		}
		text.append('}');
	}

}
