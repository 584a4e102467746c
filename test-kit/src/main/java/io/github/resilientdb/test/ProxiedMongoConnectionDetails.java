package io.github.resilientdb.test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.mongodb.ConnectionString;
import io.github.resilientdb.test.proxy.FaultProxy;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.boot.ssl.SslBundle;

/**
 * MongoDB connection details whose connection string names a fault proxy instead of the server; credentials,
 * database and options are the original's. The proxy is a single host, so the driver is told to connect directly.
 */
final class ProxiedMongoConnectionDetails implements MongoConnectionDetails {

	/** {@code mongodb://[USERINFO@]HOSTS[/REST]}. */
	private static final Pattern URI = Pattern.compile("^mongodb://([^@/]*@)?([^/?]+)(.*)$");

	private final MongoConnectionDetails delegate;

	private final ConnectionString connectionString;

	private ProxiedMongoConnectionDetails(MongoConnectionDetails delegate, ConnectionString connectionString) {
		this.delegate = delegate;
		this.connectionString = connectionString;
	}

	static boolean handles(Object bean) {
		return bean instanceof MongoConnectionDetails && !(bean instanceof ProxiedMongoConnectionDetails);
	}

	static MongoConnectionDetails wrap(Object bean, String beanName, ChaosProxies proxies) {
		MongoConnectionDetails details = (MongoConnectionDetails) bean;
		ConnectionString original = details.getConnectionString();
		Matcher matcher = URI.matcher(original.getConnectionString());
		if (!matcher.matches() || original.getHosts().size() != 1) {
			throw new IllegalStateException("@ResilientDbChaos puts a proxy only in front of a single MongoDB host "
					+ "given as mongodb://host[:port]/...; bean '" + beanName + "' names " + original.getHosts().size()
					+ " host(s) or uses mongodb+srv (set spring.mongodb.uri to a single-host URI)");
		}
		String host = original.getHosts().get(0);
		int colon = host.lastIndexOf(':');
		boolean hasPort = colon > 0 && !host.endsWith("]");
		String hostName = (hasPort ? host.substring(0, colon) : host).replace("[", "").replace("]", "");
		int port = hasPort ? Integer.parseInt(host.substring(colon + 1)) : 27017;
		FaultProxy proxy = proxies.register("mongo", beanName, hostName, port);
		String userInfo = (matcher.group(1) != null) ? matcher.group(1) : "";
		String rest = withDirectConnection(matcher.group(3));
		return new ProxiedMongoConnectionDetails(details,
				new ConnectionString("mongodb://" + userInfo + "127.0.0.1:" + proxy.port() + rest));
	}

	private static String withDirectConnection(String rest) {
		if (rest.contains("directConnection=") || rest.contains("replicaSet=")) {
			return rest;
		}
		if (rest.isEmpty()) {
			return "/?directConnection=true";
		}
		return rest + (rest.contains("?") ? "&" : (rest.startsWith("/") ? "?" : "/?")) + "directConnection=true";
	}

	@Override
	public ConnectionString getConnectionString() {
		return this.connectionString;
	}

	@Override
	public @Nullable SslBundle getSslBundle() {
		return this.delegate.getSslBundle();
	}

}
