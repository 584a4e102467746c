package io.github.resilientdb.test;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.resilientdb.test.proxy.FaultProxy;
import org.jspecify.annotations.Nullable;

/**
 * The fault proxies {@link ResilientDbChaos} put in front of the application's datastores, one per connection
 * details bean: reach them by kind ({@link #jdbc()}, {@link #redis()}, {@link #mongo()}: the first of that kind) or
 * by the connection details bean's name ({@link #datastore(String)}).
 */
public final class ChaosProxies implements AutoCloseable {

	private final Map<String, FaultProxy> byBeanName = new LinkedHashMap<>();

	private final Map<String, FaultProxy> byKind = new LinkedHashMap<>();

	synchronized FaultProxy register(String kind, String beanName, String host, int port) {
		FaultProxy proxy = FaultProxy.to(host, port);
		this.byBeanName.put(beanName, proxy);
		this.byKind.putIfAbsent(kind, proxy);
		return proxy;
	}

	/** The proxy in front of the (first) JDBC database. */
	public FaultProxy jdbc() {
		return ofKind("jdbc");
	}

	/** The proxy in front of the (first) Redis server. */
	public FaultProxy redis() {
		return ofKind("redis");
	}

	/** The proxy in front of the (first) MongoDB server. */
	public FaultProxy mongo() {
		return ofKind("mongo");
	}

	/**
	 * The proxy in front of the datastore whose connection details bean has this name, such as
	 * {@code jdbcConnectionDetails} or the name of a {@code @ServiceConnection} container bean's details.
	 */
	public synchronized FaultProxy datastore(String connectionDetailsBeanName) {
		FaultProxy proxy = this.byBeanName.get(connectionDetailsBeanName);
		if (proxy == null) {
			throw new IllegalArgumentException("No proxy for connection details bean '" + connectionDetailsBeanName
					+ "'; proxied: " + this.byBeanName.keySet());
		}
		return proxy;
	}

	/** Every proxy, in the order their datastores were created. */
	public synchronized Collection<FaultProxy> all() {
		return List.copyOf(this.byBeanName.values());
	}

	/** Switches every proxy back to {@link FaultProxy#pass()} and cancels pending reply drops. */
	public void passAll() {
		for (FaultProxy proxy : all()) {
			proxy.dropReplies(0);
			proxy.pass();
		}
	}

	@Override
	public void close() {
		all().forEach(FaultProxy::close);
	}

	private synchronized FaultProxy ofKind(String kind) {
		@Nullable FaultProxy proxy = this.byKind.get(kind);
		if (proxy == null) {
			throw new IllegalStateException("The application has no " + kind + " datastore behind a proxy; proxied: "
					+ this.byBeanName.keySet() + ". Is the test class annotated with @ResilientDbChaos and does the "
					+ "application define " + kind + " connection settings?");
		}
		return proxy;
	}

	@Override
	public synchronized String toString() {
		return "ChaosProxies" + this.byBeanName;
	}

}
