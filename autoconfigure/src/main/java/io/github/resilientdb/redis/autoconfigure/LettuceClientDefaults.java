package io.github.resilientdb.redis.autoconfigure;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SocketOptions.KeepAliveOptions;

import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration.LettuceClientConfigurationBuilder;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * resilient-db's Lettuce client defaults ({@code resilientdb.redis.pool.*}: command and connect timeouts derived
 * from the deadline, TCP keepalive, rejection of commands while disconnected, a bounded request queue, the client
 * name and, for a pooling configuration, the pool sizes and wait), for a {@link LettuceConnectionFactory} that the
 * application builds itself. Spring Boot applies them to the factory it builds through its customizers; an
 * application's own factory gets them by passing its builder through {@link #apply}:
 * <pre class="code">
 * &#64;Bean
 * LettuceConnectionFactory sessionRedisConnectionFactory(LettuceClientDefaults defaults) {
 *     LettuceClientConfiguration client = defaults.apply(LettuceClientConfiguration.builder()).build();
 *     return new LettuceConnectionFactory(new RedisStandaloneConfiguration("sessions", 6379), client);
 * }
 * </pre>
 * Each setting the builder already has (different from the library's default) is kept.
 */
public final class LettuceClientDefaults {

	private final LettuceClientOptionsDefaultsCustomizer options;

	private final LettuceClientConfigurationDefaultsCustomizer configuration;

	/**
	 * Creates the defaults.
	 * @param options the customizer of the client options
	 * @param configuration the customizer of the client configuration
	 */
	public LettuceClientDefaults(LettuceClientOptionsDefaultsCustomizer options,
			LettuceClientConfigurationDefaultsCustomizer configuration) {
		this.options = options;
		this.configuration = configuration;
	}

	/**
	 * Applies the defaults to a client configuration builder where it has nothing of its own.
	 * @param <B> the type of the builder (plain or pooling)
	 * @param builder the builder
	 * @return the same builder
	 */
	public <B extends LettuceClientConfigurationBuilder> B apply(B builder) {
		ClientOptions current = builder.build().getClientOptions().orElseGet(ClientOptions::create);
		builder.clientOptions(withDefaults(current));
		this.configuration.customize(builder);
		return builder;
	}

	/**
	 * Whether a client configuration already has the defaults, applied or set by the application: whether
	 * {@link #apply} would leave its timeouts and client options as they are.
	 * @param configuration the configuration of a connection factory
	 * @return whether it has the defaults
	 */
	public boolean isAppliedTo(LettuceClientConfiguration configuration) {
		ClientOptions current = configuration.getClientOptions().orElse(null);
		if (current == null) {
			return false;
		}
		LettuceClientConfigurationBuilder timeouts = LettuceClientConfiguration.builder()
			.commandTimeout(configuration.getCommandTimeout());
		this.configuration.customize(timeouts);
		return timeouts.build().getCommandTimeout().equals(configuration.getCommandTimeout())
				&& sameOptions(withDefaults(current), current);
	}

	private ClientOptions withDefaults(ClientOptions current) {
		ClientOptions.Builder options = current.mutate();
		this.options.customize(options);
		return options.build();
	}

	private static boolean sameOptions(ClientOptions a, ClientOptions b) {
		SocketOptions socketA = a.getSocketOptions();
		SocketOptions socketB = b.getSocketOptions();
		KeepAliveOptions keepAliveA = socketA.getKeepAlive();
		KeepAliveOptions keepAliveB = socketB.getKeepAlive();
		return socketA.getConnectTimeout().equals(socketB.getConnectTimeout())
				&& keepAliveA.isEnabled() == keepAliveB.isEnabled() && keepAliveA.getIdle().equals(keepAliveB.getIdle())
				&& keepAliveA.getInterval().equals(keepAliveB.getInterval())
				&& keepAliveA.getCount() == keepAliveB.getCount() && a.isAutoReconnect() == b.isAutoReconnect()
				&& a.getDisconnectedBehavior() == b.getDisconnectedBehavior()
				&& a.getRequestQueueSize() == b.getRequestQueueSize();
	}

}
