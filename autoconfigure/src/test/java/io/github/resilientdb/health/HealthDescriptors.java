package io.github.resilientdb.health;

import java.util.Map;

import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;

/**
 * Renders a health endpoint answer as text, statuses and details included, as a JSON body would show them.
 */
public final class HealthDescriptors {

	private HealthDescriptors() {
	}

	public static String render(HealthDescriptor descriptor) {
		StringBuilder text = new StringBuilder();
		render(descriptor, text);
		return text.toString();
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
