package io.github.resilientdb.test;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.resilientdb.test.proxy.FaultProxy;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

/**
 * JDBC connection details whose URL points at a fault proxy instead of the database server; everything else is the
 * original's.
 */
final class ProxiedJdbcConnectionDetails implements JdbcConnectionDetails {

	/** {@code jdbc:SUBPROTOCOL://HOST[:PORT]REST}, one host only. */
	private static final Pattern URL = Pattern
		.compile("^(jdbc:([a-zA-Z0-9]+)(?::[a-zA-Z0-9]+)?://)(\\[[^\\]]+\\]|[^/:?,;]+)(?::(\\d+))?([/?;].*)?$");

	private final JdbcConnectionDetails delegate;

	private final String jdbcUrl;

	private ProxiedJdbcConnectionDetails(JdbcConnectionDetails delegate, String jdbcUrl) {
		this.delegate = delegate;
		this.jdbcUrl = jdbcUrl;
	}

	static boolean handles(Object bean) {
		return bean instanceof JdbcConnectionDetails && !(bean instanceof ProxiedJdbcConnectionDetails);
	}

	static JdbcConnectionDetails wrap(Object bean, String beanName, ChaosProxies proxies) {
		JdbcConnectionDetails details = (JdbcConnectionDetails) bean;
		String url = details.getJdbcUrl();
		Matcher matcher = URL.matcher(url);
		if (!matcher.matches()) {
			throw new IllegalStateException("@ResilientDbChaos cannot put a proxy in front of the JDBC URL of bean '"
					+ beanName + "': expected jdbc:<driver>://<one host>[:<port>]/..., as for PostgreSQL, MariaDB, "
					+ "MySQL or SQL Server (set spring.datasource.url to such a URL)");
		}
		String host = matcher.group(3).replace("[", "").replace("]", "");
		int port = (matcher.group(4) != null) ? Integer.parseInt(matcher.group(4)) : defaultPort(matcher.group(2));
		FaultProxy proxy = proxies.register("jdbc", beanName, host, port);
		String rest = (matcher.group(5) != null) ? matcher.group(5) : "";
		return new ProxiedJdbcConnectionDetails(details, matcher.group(1) + "127.0.0.1:" + proxy.port() + rest);
	}

	private static int defaultPort(String subprotocol) {
		return switch (subprotocol.toLowerCase(Locale.ROOT)) {
			case "postgresql" -> 5432;
			case "mariadb", "mysql" -> 3306;
			case "sqlserver" -> 1433;
			default -> throw new IllegalStateException("@ResilientDbChaos does not know the default port of jdbc:"
					+ subprotocol + " URLs; give the port in spring.datasource.url");
		};
	}

	@Override
	public String getJdbcUrl() {
		return this.jdbcUrl;
	}

	@Override
	public String getUsername() {
		return this.delegate.getUsername();
	}

	@Override
	public String getPassword() {
		return this.delegate.getPassword();
	}

	@Override
	public String getDriverClassName() {
		return this.delegate.getDriverClassName();
	}

	@Override
	public String getXaDataSourceClassName() {
		return this.delegate.getXaDataSourceClassName();
	}

}
