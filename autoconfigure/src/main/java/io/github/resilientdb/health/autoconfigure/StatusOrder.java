package io.github.resilientdb.health.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.github.resilientdb.health.DatastoreHealthIndicator;

import org.springframework.boot.health.contributor.Status;

/**
 * The order of health statuses, most severe first, with {@code DEGRADED} placed just before {@code UP}. Spring
 * Boot's aggregation ignores a status missing from the order, which would hide a degraded datastore.
 */
final class StatusOrder {

	static final String PROPERTY = "management.endpoint.health.status.order";

	/**
	 * Spring Boot's default order, spelled out because {@code Status.DEFAULT_ORDER} only exists from Spring Boot 4.1.
	 */
	static final List<String> BOOT_DEFAULT = List.of(Status.DOWN.getCode(), Status.OUT_OF_SERVICE.getCode(),
			Status.UP.getCode(), Status.UNKNOWN.getCode());

	private StatusOrder() {
	}

	/**
	 * The configured order, or Spring Boot's default one, with {@code DEGRADED} added before {@code UP} (or last when
	 * there is no {@code UP}) unless it is already there.
	 * @param configured the configured order, possibly empty
	 * @return the order to aggregate with
	 */
	static List<String> withDegraded(List<String> configured) {
		List<String> order = new ArrayList<>(
				configured.isEmpty() ? BOOT_DEFAULT : configured);
		String degraded = DatastoreHealthIndicator.DEGRADED.getCode();
		if (order.stream().anyMatch((code) -> uniform(code).equals(uniform(degraded)))) {
			return order;
		}
		int up = -1;
		for (int i = 0; i < order.size() && up < 0; i++) {
			if (uniform(order.get(i)).equals(uniform(Status.UP.getCode()))) {
				up = i;
			}
		}
		order.add((up >= 0) ? up : order.size(), degraded);
		return order;
	}

	private static String uniform(String code) {
		StringBuilder uniform = new StringBuilder();
		code.codePoints().filter(Character::isLetterOrDigit).forEach(uniform::appendCodePoint);
		return uniform.toString().toLowerCase(Locale.ROOT);
	}

}
