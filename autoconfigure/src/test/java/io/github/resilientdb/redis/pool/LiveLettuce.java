package io.github.resilientdb.redis.pool;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.SocketOption;
import java.time.Duration;
import java.util.Map;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisChannelWriter;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.nio.NioChannelOption;
import jdk.net.ExtendedSocketOptions;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ReflectionUtils;

/**
 * Reads the settings a running Lettuce connection factory really uses: from its shared native connection (timeout,
 * client options), from the server (CLIENT GETNAME) and from the connection's socket (TCP keepalive, as the kernel
 * reports it). Never from resilient-db's properties.
 */
final class LiveLettuce {

	private static final String EPOLL_OPTION_PREFIX = "io.netty.channel.epoll.EpollChannelOption#";

	private static final Map<String, String> EPOLL_NAMES = Map.of("TCP_KEEPIDLE", "TCP_KEEPIDLE", "TCP_KEEPINTERVAL",
			"TCP_KEEPINTVL", "TCP_KEEPCOUNT", "TCP_KEEPCNT");

	private final LettuceConnectionFactory factory;

	private LiveLettuce(LettuceConnectionFactory factory) {
		this.factory = factory;
	}

	static LiveLettuce of(LettuceConnectionFactory factory) {
		return new LiveLettuce(factory);
	}

	/**
	 * The shared native connection, opened by a PING if need be.
	 * @return the connection every non-blocking command uses
	 */
	@SuppressWarnings("unchecked")
	StatefulRedisConnection<byte[], byte[]> sharedConnection() {
		try (RedisConnection connection = this.factory.getConnection()) {
			connection.ping();
			Object commands = ((LettuceConnection) connection).getNativeConnection();
			return ((RedisAsyncCommands<byte[], byte[]>) commands).getStatefulConnection();
		}
	}

	Duration commandTimeout() {
		return sharedConnection().getTimeout();
	}

	ClientOptions options() {
		return sharedConnection().getOptions();
	}

	String clientName() {
		try (RedisConnection connection = this.factory.getConnection()) {
			return connection.serverCommands().getClientName();
		}
	}

	/**
	 * TCP keepalive of the shared connection's socket as the kernel reports it.
	 * @return enabled, idle seconds, interval seconds, count
	 */
	String socketKeepalive() {
		Channel channel = channel(sharedConnection());
		boolean enabled = channel.config().getOption(ChannelOption.SO_KEEPALIVE);
		if (!enabled) {
			return "off";
		}
		return "idle=" + option(channel, ExtendedSocketOptions.TCP_KEEPIDLE) + "s interval="
				+ option(channel, ExtendedSocketOptions.TCP_KEEPINTERVAL) + "s count="
				+ option(channel, ExtendedSocketOptions.TCP_KEEPCOUNT);
	}

	/**
	 * The writer's {@code getDelegate()}, looked up by name: Lettuce 7 declares it on {@code Delegating}, which
	 * Lettuce 6 (Spring Boot 4.0) does not have.
	 */
	private static @Nullable Method delegateGetter(RedisChannelWriter writer) {
		Method method = ReflectionUtils.findMethod(writer.getClass(), "getDelegate");
		if (method == null) {
			return null;
		}
		ReflectionUtils.makeAccessible(method);
		return method;
	}

	/**
	 * Reads a TCP keepalive option of the socket through the transport Lettuce chose: Netty's native epoll one when
	 * it is on the class path (reactor-netty brings it), else NIO.
	 */
	private static Integer option(Channel channel, SocketOption<Integer> option) {
		if (channel.getClass().getName().startsWith("io.netty.channel.epoll.")) {
			ChannelOption<Integer> epoll = ChannelOption.valueOf(EPOLL_OPTION_PREFIX + EPOLL_NAMES.get(option.name()));
			return channel.config().getOption(epoll);
		}
		return channel.config().getOption(NioChannelOption.of(option));
	}

	private static Channel channel(StatefulRedisConnection<?, ?> connection) {
		RedisChannelWriter writer = ((RedisChannelHandler<?, ?>) connection).getChannelWriter();
		for (Method delegate = delegateGetter(writer); delegate != null; delegate = delegateGetter(writer)) {
			writer = (RedisChannelWriter) ReflectionUtils.invokeMethod(delegate, writer);
		}
		Field field = ReflectionUtils.findField(writer.getClass(), "channel", Channel.class);
		if (field == null) {
			throw new IllegalStateException("No channel in " + writer);
		}
		ReflectionUtils.makeAccessible(field);
		return (Channel) ReflectionUtils.getField(field, writer);
	}

}
