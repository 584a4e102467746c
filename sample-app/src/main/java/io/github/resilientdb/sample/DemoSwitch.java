package io.github.resilientdb.sample;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The demonstration's fault switch: a {@link DemoFaultProxy} in front of each datastore the sample runs itself, by
 * datastore name, which a visitor cuts and restores from the sample's page or {@code /demo/datastores}.
 */
final class DemoSwitch implements AutoCloseable {

	private final Map<String, DemoFaultProxy> proxies = new ConcurrentHashMap<>();

	void add(DemoFaultProxy proxy) {
		this.proxies.put(proxy.name(), proxy);
	}

	@Nullable DemoFaultProxy get(String datastore) {
		return this.proxies.get(datastore);
	}

	/**
	 * Whether each datastore is cut, by name.
	 * @return {@code true} for a cut datastore
	 */
	Map<String, Boolean> states() {
		Map<String, Boolean> states = new TreeMap<>();
		this.proxies.forEach((name, proxy) -> states.put(name, proxy.isCut()));
		return states;
	}

	@Override
	public void close() {
		this.proxies.values().forEach(DemoFaultProxy::close);
	}

}
