package io.github.resilientdb.sample;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.SQLException;

import org.h2.tools.Server;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs an in-memory H2 database behind H2's TCP server on 127.0.0.1 and points Spring Boot's data source at it
 * through the demonstration's fault switch ({@link DemoSwitch}), unless {@code spring.datasource.url} names a real
 * database. Its data lives as long as the application.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spring.datasource.url", matchIfMissing = true, havingValue = "__never__")
class EmbeddedH2Configuration {

	@Bean(destroyMethod = "stop")
	Server embeddedH2Server() throws SQLException, IOException {
		return Server.createTcpServer("-tcpPort", Integer.toString(freePort()), "-ifNotExists").start();
	}

	@Bean
	@ConditionalOnMissingBean
	JdbcConnectionDetails embeddedH2ConnectionDetails(Server embeddedH2Server, DemoSwitch demoSwitch)
			throws IOException {
		DemoFaultProxy proxy = new DemoFaultProxy("jdbc", "127.0.0.1", embeddedH2Server.getPort());
		demoSwitch.add(proxy);
		String url = "jdbc:h2:tcp://127.0.0.1:" + proxy.port() + "/mem:sample;DB_CLOSE_DELAY=-1";
		return new JdbcConnectionDetails() {

			@Override
			public String getUsername() {
				return "sa";
			}

			@Override
			public String getPassword() {
				return "";
			}

			@Override
			public String getJdbcUrl() {
				return url;
			}

		};
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
