package io.github.resilientdb.actuate;

import java.security.Principal;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.SecurityContext;

/**
 * Who may make changes through the {@code resilientdb} endpoint. By default only an authenticated caller with the
 * operator role may, which needs something that authenticates callers and grants roles (Spring Security); without it
 * every change is refused until {@value #WRITES_PROPERTY} says otherwise. Exposing the endpoint never opens it alone.
 */
public final class WriteAccess {

	/**
	 * Property choosing who may make changes.
	 */
	public static final String WRITES_PROPERTY = "resilientdb.endpoint.writes";

	/**
	 * Property naming the role an operator has.
	 */
	public static final String ROLE_PROPERTY = "resilientdb.endpoint.operator-role";

	/**
	 * The role an operator has unless {@value #ROLE_PROPERTY} names another.
	 */
	public static final String DEFAULT_ROLE = "RESILIENTDB_OPERATOR";

	private static final String ROLE_PREFIX = "ROLE_";

	private final Writes writes;

	private final String role;

	private final boolean authenticationAvailable;

	/**
	 * Creates the access rule.
	 * @param writes who may make changes
	 * @param role the role an operator has, with or without the {@code ROLE_} prefix
	 * @param authenticationAvailable whether something authenticates callers (Spring Security is present)
	 */
	public WriteAccess(Writes writes, String role, boolean authenticationAvailable) {
		this.writes = writes;
		String trimmed = role.trim();
		this.role = trimmed.startsWith(ROLE_PREFIX) ? trimmed.substring(ROLE_PREFIX.length()) : trimmed;
		this.authenticationAvailable = authenticationAvailable;
	}

	/**
	 * Whether the caller may make changes.
	 * @param caller who asks, or {@code null} if unknown
	 * @return whether the caller may make changes
	 */
	public boolean allows(@Nullable SecurityContext caller) {
		return switch (this.writes) {
			case ANYONE -> true;
			case NONE -> false;
			case OPERATOR -> principal(caller) != null && !this.role.isEmpty() && caller != null
					&& caller.isUserInRole(this.role);
		};
	}

	/**
	 * Refuses the change unless the caller may make it.
	 * @param caller who asks
	 * @throws WriteRefusedException if the caller may not make changes
	 */
	void check(@Nullable SecurityContext caller) {
		if (allows(caller)) {
			return;
		}
		if (this.writes == Writes.NONE) {
			throw new WriteRefusedException(WRITES_PROPERTY,
					"Changes through the resilientdb endpoint are turned off (" + WRITES_PROPERTY + "=none)");
		}
		Principal principal = principal(caller);
		if (principal == null && !this.authenticationAvailable) {
			throw new WriteRefusedException(WRITES_PROPERTY, "Changes through the resilientdb endpoint need an "
					+ "authenticated operator with the role '" + this.role + "' (" + ROLE_PROPERTY
					+ ") and nothing authenticates callers: add Spring Security, or set " + WRITES_PROPERTY
					+ "=anyone to let every caller who reaches the endpoint make changes");
		}
		if (principal == null) {
			throw new WriteRefusedException(ROLE_PROPERTY, "Changes through the resilientdb endpoint need an "
					+ "authenticated caller with the role '" + this.role + "' (" + ROLE_PROPERTY + ")");
		}
		throw new WriteRefusedException(ROLE_PROPERTY, "'" + LogSafe.value(principal.getName())
				+ "' does not have the role '" + this.role + "' (" + ROLE_PROPERTY
				+ ") that changes through the resilientdb endpoint need");
	}

	private static @Nullable Principal principal(@Nullable SecurityContext caller) {
		Principal principal = (caller != null) ? caller.getPrincipal() : null;
		return (principal != null && principal.getName() != null) ? principal : null;
	}

	/**
	 * Who may make changes through the endpoint.
	 */
	public enum Writes {

		/**
		 * Only an authenticated caller with the operator role.
		 */
		OPERATOR,

		/**
		 * Every caller who reaches the endpoint, authenticated or not.
		 */
		ANYONE,

		/**
		 * Nobody: the endpoint only reads.
		 */
		NONE;

		@Override
		public String toString() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
