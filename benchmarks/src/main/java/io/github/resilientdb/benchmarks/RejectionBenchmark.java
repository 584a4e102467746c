package io.github.resilientdb.benchmarks;

import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilientdb.engine.ResilientDbRegistries;
import io.github.resilientdb.DatabaseUnavailableException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Cost of one call refused by the open circuit breaker of the {@code jdbc} datastore (forced open): through
 * {@code @ResilientDb}, which throws {@link DatabaseUnavailableException}, and through Resilience4j's annotations,
 * which throw {@link CallNotPermittedException}. The method body never runs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RejectionBenchmark {

	private ConfigurableApplicationContext context;

	private ResilientDbTarget resilientDb;

	private Resilience4jTarget resilience4j;

	@Setup(Level.Trial)
	public void start() {
		this.context = BenchmarkApplication.start();
		this.resilientDb = this.context.getBean(ResilientDbTarget.class);
		this.resilience4j = this.context.getBean(Resilience4jTarget.class);
		// Each policy has its own "jdbc" breaker: @ResilientDb keeps its instances in registries of its own.
		this.context.getBean(CircuitBreakerRegistry.class).circuitBreaker("jdbc").transitionToForcedOpenState();
		this.context.getBean(ResilientDbRegistries.class)
			.circuitBreakers()
			.circuitBreaker("jdbc")
			.transitionToForcedOpenState();
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.context.close();
	}

	@Benchmark
	public Object rejectedResilientDb() {
		try {
			this.resilientDb.noop();
			throw new IllegalStateException("The breaker let the call through");
		}
		catch (DatabaseUnavailableException ex) {
			return ex;
		}
	}

	@Benchmark
	public Object rejectedResilience4jAnnotations() {
		try {
			this.resilience4j.noop();
			throw new IllegalStateException("The breaker let the call through");
		}
		catch (CallNotPermittedException ex) {
			return ex;
		}
	}

}
