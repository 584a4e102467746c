package io.github.resilientdb.benchmarks;

import java.util.concurrent.TimeUnit;

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
 * Cost of one successful call of a bean method, on a no-op body and on a ~20 us CPU-bound body: called directly
 * (the bean's target, no proxy), through {@code @ResilientDb}, and through the stacked {@code @Bulkhead}
 * {@code @CircuitBreaker} {@code @Retry} {@code @Timed} annotations on the same Resilience4j instances.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CallBenchmark {

	private ConfigurableApplicationContext context;

	private ResilientDbTarget direct;

	private ResilientDbTarget resilientDb;

	private Resilience4jTarget resilience4j;

	/** Read from a field so that the JIT cannot fold the hash into a constant. */
	private long seed = System.nanoTime();

	@Setup(Level.Trial)
	public void start() {
		this.context = BenchmarkApplication.start();
		this.resilientDb = this.context.getBean(ResilientDbTarget.class);
		this.resilience4j = this.context.getBean(Resilience4jTarget.class);
		this.direct = BenchmarkApplication.unproxied(this.resilientDb);
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.context.close();
	}

	@Benchmark
	public void noopDirect() {
		this.direct.noop();
	}

	@Benchmark
	public void noopResilientDb() {
		this.resilientDb.noop();
	}

	@Benchmark
	public void noopResilience4jAnnotations() {
		this.resilience4j.noop();
	}

	@Benchmark
	public long workDirect() {
		return this.direct.work(this.seed);
	}

	@Benchmark
	public long workResilientDb() {
		return this.resilientDb.work(this.seed);
	}

	@Benchmark
	public long workResilience4jAnnotations() {
		return this.resilience4j.work(this.seed);
	}

}
