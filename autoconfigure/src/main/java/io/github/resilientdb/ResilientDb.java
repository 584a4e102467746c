package io.github.resilientdb;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Puts a method, or every method of a type, behind the datastore's resilience policy: a bulkhead, then a circuit
 * breaker, then a retry that only repeats what is safe to repeat, then the method itself.
 * <p>
 * Works on Spring beans and on Spring Data repository interfaces. On a method that is also
 * {@code @Transactional}, the policy runs outside the transaction, so every retry gets a fresh transaction; entered
 * inside an already active transaction, the call is never retried.
 *
 * @see Idempotency
 * @see DatabaseUnavailableException
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface ResilientDb {

	/**
	 * The datastore the method talks to: {@code jdbc}, {@code mongo}, {@code redis} or a name configured under
	 * {@code resilientdb.datastores}. Empty means inferred from the Spring Data repository type, or the only
	 * datastore present; anything else is a start-up error naming the method.
	 * @return the datastore name
	 */
	String datastore() default "";

	/**
	 * Whether the method may be repeated after a failure that may have reached the server.
	 * @return the idempotency of the method
	 */
	Idempotency idempotency() default Idempotency.AUTO;

	/**
	 * How durable the writes of the method must be.
	 * @return the durability level
	 */
	Durability durability() default Durability.DEFAULT;

	/**
	 * The retry policy: {@code none}, {@code fast}, {@code standard}, {@code aggressive} or a name configured under
	 * {@code resilientdb.retry-policies}. Empty means the datastore's own retry settings.
	 * @return the retry policy name
	 */
	String retry() default "";

	/**
	 * The name of a method on the same bean called instead of failing: it takes the same parameters, optionally
	 * followed by one {@link Throwable} (or subtype) parameter, and returns a compatible type. Validated at
	 * start-up.
	 * @return the fallback method name, empty for none
	 */
	String fallbackMethod() default "";

	/**
	 * The time budget of one call of the method, retries and their backoff included, as a duration such as
	 * {@code 3s} or {@code 800ms}: no retry starts that cannot finish within what is left of it. Empty means the
	 * datastore's {@code resilientdb.datastores.<name>.deadline}. The drivers' own timeouts bound each attempt.
	 * @return the deadline of one call, empty for the datastore's
	 */
	String deadline() default "";

}
