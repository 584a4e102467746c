package io.github.resilientdb;

/**
 * Whether a method may safely run more than once.
 */
public enum Idempotency {

	/**
	 * Idempotent for Spring Data read methods ({@code find}, {@code get}, {@code read}, {@code query},
	 * {@code search}, {@code stream}, {@code count}, {@code exists} prefixes) and
	 * {@code @Transactional(readOnly = true)} methods; not idempotent otherwise.
	 */
	AUTO,

	/**
	 * Running the method twice has the same effect as running it once: retried after any transient failure.
	 */
	IDEMPOTENT,

	/**
	 * Running the method twice may apply its effect twice: retried only when the failure proves the operation was
	 * not applied.
	 */
	NOT_IDEMPOTENT

}
