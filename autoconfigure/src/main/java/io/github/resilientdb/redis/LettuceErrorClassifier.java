package io.github.resilientdb.redis;

import java.io.IOException;

import io.github.resilientdb.classify.ErrorCategory;
import io.github.resilientdb.classify.ErrorClassifier;
import io.github.resilientdb.classify.Throwables;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import org.jspecify.annotations.Nullable;

/**
 * Classifies Redis failures seen through Lettuce: connection failures, timeouts and the server's error replies.
 */
public final class LettuceErrorClassifier implements ErrorClassifier {

	private static final String NOT_CONNECTED_REJECTION = "Currently not connected";

	@Override
	public @Nullable ErrorCategory classify(Throwable error) {
		RedisCommandExecutionException reply = Throwables.find(error, RedisCommandExecutionException.class);
		if (reply != null) {
			return classifyReply(String.valueOf(reply.getMessage()));
		}
		if (Throwables.find(error, RedisConnectionException.class) != null) {
			return ErrorCategory.NOT_SENT;
		}
		if (Throwables.find(error, RedisCommandTimeoutException.class) != null) {
			return ErrorCategory.MAYBE_APPLIED;
		}
		RedisException redis = Throwables.find(error, RedisException.class);
		if (redis != null) {
			String message = String.valueOf(redis.getMessage());
			return message.startsWith(NOT_CONNECTED_REJECTION) ? ErrorCategory.NOT_SENT : ErrorCategory.MAYBE_APPLIED;
		}
		if (isRedisFailure(error) && Throwables.find(error, IOException.class) != null) {
			return ErrorCategory.MAYBE_APPLIED;
		}
		return null;
	}

	static ErrorCategory classifyReply(String reply) {
		if (reply.startsWith("ERR max number of clients")) {
			return ErrorCategory.REJECTED_BY_SERVER;
		}
		String code = errorCode(reply);
		return switch (code) {
			case "WRONGTYPE", "ERR", "EXECABORT", "NOSCRIPT", "BUSYKEY", "CROSSSLOT", "UNKILLABLE" ->
				ErrorCategory.BUSINESS;
			case "NOAUTH", "WRONGPASS", "NOPERM" -> ErrorCategory.AUTHENTICATION;
			case "READONLY", "NOREPLICAS", "LOADING", "BUSY", "MASTERDOWN", "TRYAGAIN", "CLUSTERDOWN" ->
				ErrorCategory.REJECTED_BY_SERVER;
			default -> ErrorCategory.PERMANENT;
		};
	}

	private static String errorCode(String reply) {
		int space = reply.indexOf(' ');
		return (space < 0) ? reply : reply.substring(0, space);
	}

	private static boolean isRedisFailure(Throwable error) {
		return error.getClass().getName().startsWith("org.springframework.data.redis");
	}

}
