package io.github.resilientdb.redis.durability;

import java.time.Duration;

/**
 * What one durability level waits for after the writes of a method: {@code WAIT replicas timeout}, then
 * {@code WAITAOF local aofReplicas timeout} when an append-only file fsync is asked for.
 *
 * @param replicas the number of replicas that must have received the writes, 0 for no {@code WAIT}
 * @param localAof whether the primary must have fsynced the writes to its append-only file
 * @param aofReplicas the number of replicas that must have fsynced the writes to their append-only file
 * @param timeout the maximum time each of {@code WAIT} and {@code WAITAOF} waits
 */
public record RedisDurabilityLevel(int replicas, boolean localAof, int aofReplicas, Duration timeout) {

	/**
	 * Whether this level needs {@code WAITAOF} (Redis 7.2 or later).
	 * @return whether an append-only file fsync is asked for
	 */
	public boolean usesAof() {
		return this.localAof || this.aofReplicas > 0;
	}

	/**
	 * The longest this level may wait for acknowledgements, {@code WAIT} and {@code WAITAOF} included.
	 * @return the maximum wait
	 */
	public Duration maximumWait() {
		int waits = ((this.replicas > 0) ? 1 : 0) + (usesAof() ? 1 : 0);
		return this.timeout.multipliedBy(waits);
	}

	@Override
	public String toString() {
		StringBuilder description = new StringBuilder();
		if (this.replicas > 0) {
			description.append("WAIT ").append(this.replicas).append(' ').append(this.timeout.toMillis());
		}
		if (usesAof()) {
			description.append((description.length() > 0) ? ", then " : "")
				.append("WAITAOF ")
				.append(this.localAof ? 1 : 0)
				.append(' ')
				.append(this.aofReplicas)
				.append(' ')
				.append(this.timeout.toMillis());
		}
		return description.toString();
	}

}
