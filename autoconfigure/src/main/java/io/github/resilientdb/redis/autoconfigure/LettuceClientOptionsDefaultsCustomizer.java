package io.github.resilientdb.redis.autoconfigure;

import java.time.Duration;

import io.github.resilientdb.autoconfigure.DeadlineTimeouts;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SocketOptions.KeepAliveOptions;

import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.core.Ordered;

/**
 * Applies production defaults to Lettuce's {@link ClientOptions}: connect timeout, TCP keepalive, auto-reconnect,
 * rejection of commands while disconnected, and a bounded request queue.
 * <p>
 * Spring Boot applies {@code spring.data.redis.connect-timeout} before any customizer runs, so this one leaves the
 * connect timeout alone when that property is set. It also leaves alone any option that no longer holds Lettuce's
 * default when it runs, and it runs at order 0, so that the application's own customizers (unordered, hence last)
 * win.
 */
public final class LettuceClientOptionsDefaultsCustomizer implements LettuceClientOptionsBuilderCustomizer, Ordered {

	/**
	 * Order of this customizer: before the application's unordered customizers.
	 */
	public static final int ORDER = 0;

	private static final ClientOptions LETTUCE_DEFAULTS = ClientOptions.create();

	private final RedisPoolProperties.Pool properties;

	private final DeadlineTimeouts timeouts;

	private final ExplicitRedisSettings explicit;

	/**
	 * Creates a customizer.
	 * @param properties the defaults to apply
	 * @param explicit the {@code spring.data.redis.*} settings of the application
	 */
	public LettuceClientOptionsDefaultsCustomizer(RedisPoolProperties.Pool properties, ExplicitRedisSettings explicit,
			DeadlineTimeouts timeouts) {
		this.properties = properties;
		this.timeouts = timeouts;
		this.explicit = explicit;
	}

	@Override
	public void customize(ClientOptions.Builder builder) {
		ClientOptions current = builder.build();
		builder.socketOptions(socketOptions(current.getSocketOptions()));
		if (current.isAutoReconnect() == LETTUCE_DEFAULTS.isAutoReconnect()) {
			builder.autoReconnect(this.properties.isAutoReconnect());
		}
		if (current.getDisconnectedBehavior() == DisconnectedBehavior.DEFAULT) {
			builder.disconnectedBehavior(this.properties.getDisconnectedBehavior());
		}
		if (current.getRequestQueueSize() == LETTUCE_DEFAULTS.getRequestQueueSize()) {
			builder.requestQueueSize(this.properties.getRequestQueueSize());
		}
	}

	private SocketOptions socketOptions(SocketOptions current) {
		SocketOptions defaults = LETTUCE_DEFAULTS.getSocketOptions();
		SocketOptions.Builder socket = current.mutate();
		if (!this.explicit.isSet(ExplicitRedisSettings.CONNECT_TIMEOUT)
				&& current.getConnectTimeout().equals(defaults.getConnectTimeout())) {
			Duration connectTimeout = this.properties.getConnectTimeout();
			socket.connectTimeout((connectTimeout != null) ? connectTimeout : this.timeouts.connect());
		}
		if (isDefault(current.getKeepAlive(), defaults.getKeepAlive())) {
			RedisPoolProperties.Keepalive keepalive = this.properties.getKeepalive();
			if (keepalive.isEnabled()) {
				socket.keepAlive(KeepAliveOptions.builder()
					.enable()
					.idle(keepalive.getIdle())
					.interval(keepalive.getInterval())
					.count(keepalive.getCount())
					.build());
			}
			else {
				socket.keepAlive(false);
			}
		}
		return socket.build();
	}

	private static boolean isDefault(KeepAliveOptions current, KeepAliveOptions defaults) {
		return current.isEnabled() == defaults.isEnabled() && current.getIdle().equals(defaults.getIdle())
				&& current.getInterval().equals(defaults.getInterval()) && current.getCount() == defaults.getCount();
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
