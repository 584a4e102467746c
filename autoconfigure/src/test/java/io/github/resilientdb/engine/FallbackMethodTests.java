package io.github.resilientdb.engine;

import java.lang.reflect.Method;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class FallbackMethodTests {

	private final Accounts accounts = new Accounts();

	@Test
	void findWithSameParametersShouldHandleEveryFailure() throws Throwable {
		FallbackMethod fallback = FallbackMethod.find("cachedName", method("name", String.class), Accounts.class);
		assertThat(fallback.handles(new QueryTimeoutException("timeout"))).isTrue();
		assertThat(fallback.handles(new IllegalStateException())).isTrue();
		assertThat(fallback.invoke(this.accounts, new Object[] { "42" }, new QueryTimeoutException("timeout")))
			.isEqualTo("cached-42");
	}

	@Test
	void findWithTrailingThrowableShouldPassFailure() throws Throwable {
		FallbackMethod fallback = FallbackMethod.find("describedName", method("name", String.class), Accounts.class);
		QueryTimeoutException failure = new QueryTimeoutException("timeout");
		assertThat(fallback.invoke(this.accounts, new Object[] { "42" }, failure))
			.isEqualTo("42 failed: timeout");
	}

	@Test
	void findWithTrailingThrowableSubtypeShouldHandleOnlyThatType() {
		FallbackMethod fallback = FallbackMethod.find("transientName", method("name", String.class), Accounts.class);
		assertThat(fallback.handles(new QueryTimeoutException("timeout"))).isTrue();
		assertThat(fallback.handles(new IllegalStateException("application"))).isFalse();
	}

	@Test
	void findWithoutParametersShouldWork() throws Throwable {
		FallbackMethod fallback = FallbackMethod.find("noAccounts", method("all"), Accounts.class);
		assertThat(fallback.invoke(this.accounts, new Object[0], new QueryTimeoutException("timeout")))
			.isEqualTo(List.of());
	}

	@Test
	void findWithOnlyThrowableParameterShouldWork() throws Throwable {
		FallbackMethod fallback = FallbackMethod.find("failedAccounts", method("all"), Accounts.class);
		assertThat(fallback.invoke(this.accounts, new Object[0], new QueryTimeoutException("timeout")))
			.isEqualTo(List.of("timeout"));
	}

	@Test
	void findShouldAcceptNarrowerReturnType() throws Throwable {
		FallbackMethod fallback = FallbackMethod.find("stringCount", method("count"), Accounts.class);
		assertThat(fallback.invoke(this.accounts, new Object[0], new QueryTimeoutException("timeout")))
			.isEqualTo("unknown");
	}

	@Test
	void findShouldAcceptVoidFallbackForVoidMethod() {
		FallbackMethod fallback = FallbackMethod.find("skipTouch", method("touch", String.class), Accounts.class);
		assertThat(fallback.handles(new QueryTimeoutException("timeout"))).isTrue();
	}

	@Test
	void findShouldPickMatchingOverload() throws Throwable {
		FallbackMethod fallback = FallbackMethod.find("overloaded", method("name", String.class), Accounts.class);
		assertThat(fallback.invoke(this.accounts, new Object[] { "42" }, new QueryTimeoutException("timeout")))
			.isEqualTo("overload-42");
	}

	@Test
	void findShouldFindPrivateAndInheritedFallbacks() throws Throwable {
		QueryTimeoutException failure = new QueryTimeoutException("timeout");
		FallbackMethod privateFallback = FallbackMethod.find("privateName", method("name", String.class),
				Accounts.class);
		assertThat(privateFallback.invoke(this.accounts, new Object[] { "42" }, failure)).isEqualTo("private-42");
		FallbackMethod inheritedFallback = FallbackMethod.find("inheritedName", method("name", String.class),
				Accounts.class);
		assertThat(inheritedFallback.invoke(this.accounts, new Object[] { "42" }, failure)).isEqualTo("inherited-42");
	}

	@Test
	void findWithWrongParametersShouldFail() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> FallbackMethod.find("wrongParameter", method("name", String.class), Accounts.class))
			.withMessage("No fallback method wrongParameter(String[, Throwable]) returning String on "
					+ Accounts.class.getName());
	}

	@Test
	void findWithExtraNonThrowableParameterShouldFail() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> FallbackMethod.find("extraParameter", method("name", String.class), Accounts.class))
			.withMessageContaining("extraParameter(String[, Throwable])");
	}

	@Test
	void findWithWrongReturnTypeShouldFail() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> FallbackMethod.find("wrongReturnType", method("name", String.class), Accounts.class))
			.withMessageContaining("returning String");
	}

	@Test
	void findWithWiderReturnTypeShouldFail() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> FallbackMethod.find("objectName", method("name", String.class), Accounts.class));
	}

	@Test
	void findWhenMissingShouldFailNamingParameters() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> FallbackMethod.find("missing", method("page", String.class, int.class), Accounts.class))
			.withMessage("No fallback method missing(String, int[, Throwable]) returning List on "
					+ Accounts.class.getName());
	}

	@Test
	void invokeShouldRethrowFailureOfFallbackUnwrapped() {
		FallbackMethod fallback = FallbackMethod.find("failingName", method("name", String.class), Accounts.class);
		assertThatIllegalStateException()
			.isThrownBy(() -> fallback.invoke(this.accounts, new Object[] { "42" }, new QueryTimeoutException("t")))
			.withMessage("fallback failed too");
	}

	private static Method method(String name, Class<?>... parameterTypes) {
		Method method = ReflectionUtils.findMethod(Accounts.class, name, parameterTypes);
		assertThat(method).isNotNull();
		return method;
	}

	static class BaseAccounts {

		String inheritedName(String id) {
			return "inherited-" + id;
		}

	}

	static class Accounts extends BaseAccounts {

		public String name(String id) {
			return id;
		}

		public List<String> all() {
			return List.of("all");
		}

		public Object count() {
			return 1;
		}

		public void touch(String id) {
		}

		public List<String> page(String query, int page) {
			return List.of();
		}

		String cachedName(String id) {
			return "cached-" + id;
		}

		String describedName(String id, Throwable failure) {
			return id + " failed: " + failure.getMessage();
		}

		String transientName(String id, TransientDataAccessException failure) {
			return "transient-" + id;
		}

		List<String> noAccounts() {
			return List.of();
		}

		List<String> failedAccounts(Exception failure) {
			return List.of(failure.getMessage());
		}

		String stringCount() {
			return "unknown";
		}

		void skipTouch(String id) {
		}

		String overloaded(Integer id) {
			return "wrong";
		}

		String overloaded(String id) {
			return "overload-" + id;
		}

		private String privateName(String id) {
			return "private-" + id;
		}

		String wrongParameter(Integer id) {
			return "wrong";
		}

		String extraParameter(String id, String extra) {
			return "wrong";
		}

		Integer wrongReturnType(String id) {
			return 0;
		}

		Object objectName(String id) {
			return "wrong";
		}

		String failingName(String id) {
			throw new IllegalStateException("fallback failed too");
		}

	}

}
