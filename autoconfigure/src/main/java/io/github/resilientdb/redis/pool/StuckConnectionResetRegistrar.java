package io.github.resilientdb.redis.pool;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Registers a {@link StuckConnectionReset} on the client of every started Lettuce connection factory that shares
 * its connection, once the context is refreshed (a factory creates its client when it starts).
 */
public final class StuckConnectionResetRegistrar implements ApplicationListener<ContextRefreshedEvent> {

	/**
	 * How many command timeouts of silence replace a shared connection: one timeout can be a slow command; two in a
	 * row, with nothing answered meanwhile, are a connection that no longer answers.
	 */
	public static final int TIMEOUTS_OF_SILENCE = 2;

	private final ObjectProvider<LettuceConnectionFactory> factories;

	private boolean registered;

	/**
	 * Creates a registrar.
	 * @param factories the application's Lettuce connection factories
	 */
	public StuckConnectionResetRegistrar(ObjectProvider<LettuceConnectionFactory> factories) {
		this.factories = factories;
	}

	@Override
	public synchronized void onApplicationEvent(ContextRefreshedEvent event) {
		if (this.registered) {
			return;
		}
		this.registered = true;
		this.factories.orderedStream()
			.filter((factory) -> factory.isRunning() && factory.getShareNativeConnection())
			.forEach((factory) -> factory.getRequiredNativeClient()
				.addListener(new StuckConnectionReset(factory,
						factory.getClientConfiguration().getCommandTimeout().multipliedBy(TIMEOUTS_OF_SILENCE))));
	}

}
