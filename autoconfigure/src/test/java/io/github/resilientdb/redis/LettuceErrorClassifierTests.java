package io.github.resilientdb.redis;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

import io.github.resilientdb.classify.ErrorCategory;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;
import io.lettuce.core.RedisReadOnlyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.RedisSystemException;

import static org.assertj.core.api.Assertions.assertThat;

class LettuceErrorClassifierTests {

	private final LettuceErrorClassifier classifier = new LettuceErrorClassifier();

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', value = {
		"WRONGTYPE Operation against a key holding the wrong kind of value | BUSINESS",
		"ERR unknown command 'FOO', with args beginning with: | BUSINESS",
		"ERR value is not an integer or out of range | BUSINESS",
		"EXECABORT Transaction discarded because of previous errors. | BUSINESS",
		"NOSCRIPT No matching script. Please use EVAL. | BUSINESS",
		"BUSYKEY Target key name already exists. | BUSINESS",
		"CROSSSLOT Keys in request don't hash to the same slot | BUSINESS",
		"NOAUTH Authentication required. | AUTHENTICATION",
		"WRONGPASS invalid username-password pair or user is disabled. | AUTHENTICATION",
		"NOPERM this user has no permissions to run the 'set' command | AUTHENTICATION",
		"READONLY You can't write against a read only replica. | REJECTED_BY_SERVER",
		"LOADING Redis is loading the dataset in memory | REJECTED_BY_SERVER",
		"BUSY Redis is busy running a script. | REJECTED_BY_SERVER",
		"MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'. | REJECTED_BY_SERVER",
		"TRYAGAIN Multiple keys request during rehashing of slot | REJECTED_BY_SERVER",
		"CLUSTERDOWN The cluster is down | REJECTED_BY_SERVER",
		"ERR max number of clients reached | REJECTED_BY_SERVER",
		"OOM command not allowed when used memory > 'maxmemory'. | PERMANENT",
		"MOVED 3999 127.0.0.1:6381 | PERMANENT",
		"WRONGTYPE | BUSINESS" })
	void classifyShouldPlaceServerErrorReply(String reply, ErrorCategory expected) {
		assertThat(this.classifier.classify(new RedisCommandExecutionException(reply))).isEqualTo(expected);
	}

	@Test
	void classifyWhenReplyWrappedInRedisSystemExceptionShouldReadReply() {
		RedisCommandExecutionException reply = new RedisCommandExecutionException(
				"WRONGTYPE Operation against a key holding the wrong kind of value");
		RedisSystemException failure = new RedisSystemException("Error in execution", reply);
		assertThat(this.classifier.classify(failure)).isEqualTo(ErrorCategory.BUSINESS);
	}

	@Test
	void classifyWhenReadOnlyReplicaShouldReturnRejectedByServer() {
		RedisSystemException failure = new RedisSystemException("Error in execution",
				new RedisReadOnlyException("READONLY You can't write against a read only replica."));
		assertThat(this.classifier.classify(failure)).isEqualTo(ErrorCategory.REJECTED_BY_SERVER);
	}

	@Test
	void classifyWhenLoadingShouldReturnRejectedByServer() {
		RedisLoadingException failure = new RedisLoadingException("LOADING Redis is loading the dataset in memory");
		assertThat(this.classifier.classify(failure)).isEqualTo(ErrorCategory.REJECTED_BY_SERVER);
	}

	@Test
	void classifyWhenNotAuthenticatedShouldReturnAuthentication() {
		RedisSystemException failure = new RedisSystemException("Error in execution",
				new RedisCommandExecutionException("NOAUTH Authentication required."));
		assertThat(this.classifier.classify(failure)).isEqualTo(ErrorCategory.AUTHENTICATION);
	}

	@Test
	void classifyWhenConnectionFailsShouldReturnNotSent() {
		assertThat(this.classifier.classify(new RedisConnectionException("Unable to connect to 127.0.0.1:1")))
			.isEqualTo(ErrorCategory.NOT_SENT);
		RedisConnectionFailureException wrapped = new RedisConnectionFailureException("Unable to connect to Redis",
				new RedisConnectionException("Unable to connect to 127.0.0.1:1", new IOException("refused")));
		assertThat(this.classifier.classify(wrapped)).isEqualTo(ErrorCategory.NOT_SENT);
	}

	@Test
	void classifyWhenCommandTimesOutShouldReturnMaybeApplied() {
		assertThat(this.classifier.classify(new RedisCommandTimeoutException("Command timed out after 1 second(s)")))
			.isEqualTo(ErrorCategory.MAYBE_APPLIED);
		QueryTimeoutException wrapped = new QueryTimeoutException("Redis command timed out",
				new RedisCommandTimeoutException("Command timed out after 1 second(s)"));
		assertThat(this.classifier.classify(wrapped)).isEqualTo(ErrorCategory.MAYBE_APPLIED);
	}

	@Test
	void classifyWhenRejectedWhileDisconnectedShouldReturnNotSent() {
		RedisSystemException failure = new RedisSystemException("Error in execution",
				new RedisException("Currently not connected. Commands are rejected."));
		assertThat(this.classifier.classify(failure)).isEqualTo(ErrorCategory.NOT_SENT);
	}

	@Test
	void classifyWhenConnectionClosedMidCommandShouldReturnMaybeApplied() {
		RedisSystemException failure = new RedisSystemException("Error in execution",
				new RedisException("Connection closed"));
		assertThat(this.classifier.classify(failure)).isEqualTo(ErrorCategory.MAYBE_APPLIED);
	}

	@Test
	void classifyWhenSpringDataRedisWrapsIoFailureShouldReturnMaybeApplied() {
		RedisSystemException failure = new RedisSystemException("Error in execution",
				new IOException("Connection reset by peer"));
		assertThat(this.classifier.classify(failure)).isEqualTo(ErrorCategory.MAYBE_APPLIED);
	}

	@Test
	void classifyWhenIoFailureOutsideSpringDataRedisShouldReturnNull() {
		assertThat(this.classifier.classify(new IllegalStateException(new IOException("reset")))).isNull();
	}

	@Test
	void classifyWhenNotARedisFailureShouldReturnNull() {
		assertThat(this.classifier.classify(new IllegalStateException("application"))).isNull();
		assertThat(this.classifier.classify(new QueryTimeoutException("timeout", new TimeoutException()))).isNull();
	}

}
