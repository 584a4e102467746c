package io.github.resilientdb.benchmarks;

import java.util.concurrent.TimeUnit;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilientdb.engine.RetryBudget;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Where the cost of a successful {@code @ResilientDb} call goes: each step of
 * {@code ResilientDbInterceptor.invoke} alone, on the very instances the interceptor uses, and the whole call again
 * with Resilience4j instances that no Boot registry has seen (so carry no event consumers). Not a target of its
 * own: the steps' sum should come close to {@code CallBenchmark.noopResilientDb}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CostBreakdownBenchmark {

	/**
	 * Auto-configurations that create Resilience4j's Boot registries. Without them {@code @ResilientDb} falls back to
	 * standalone registries, whose instances carry no event consumers.
	 */
	private static final String WITHOUT_BOOT_REGISTRIES = "spring.autoconfigure.exclude="
			+ "io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration,"
			+ "io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadAutoConfiguration,"
			+ "io.github.resilience4j.springboot.retry.autoconfigure.RetryAutoConfiguration";

	private static final ThreadLocal<Object> CURRENT = new ThreadLocal<>();

	@Benchmark
	public void proxyWithPassThroughInterceptor(Steps steps) {
		steps.bareProxy.noop();
	}

	@Benchmark
	public boolean clockAndThreadLocal() {
		Object outer = CURRENT.get();
		long start = System.nanoTime();
		CURRENT.set(this);
		CURRENT.set(outer);
		return System.nanoTime() - start > 0;
	}

	@Benchmark
	public void retryBudgetRecordCall(Steps steps) {
		steps.budget.recordCall(System.nanoTime());
	}

	@Benchmark
	public boolean bulkheadFromBootRegistry(Steps steps) {
		return permitAndRelease(steps.bootBulkhead);
	}

	@Benchmark
	public boolean bulkheadStandalone(Steps steps) {
		return permitAndRelease(steps.standaloneBulkhead);
	}

	@Benchmark
	public boolean breakerFromBootRegistry(Steps steps) {
		return permitAndSucceed(steps.bootBreaker);
	}

	@Benchmark
	public boolean breakerStandalone(Steps steps) {
		return permitAndSucceed(steps.standaloneBreaker);
	}

	@Benchmark
	public void timerRecord(Steps steps) {
		steps.timer.record(100, TimeUnit.NANOSECONDS);
	}

	@Benchmark
	public void noopResilientDbStandaloneRegistries(WithoutBootRegistries application) {
		application.target.noop();
	}

	private static boolean permitAndRelease(Bulkhead bulkhead) {
		boolean permitted = bulkhead.tryAcquirePermission();
		bulkhead.onComplete();
		return permitted;
	}

	private static boolean permitAndSucceed(CircuitBreaker breaker) {
		boolean permitted = breaker.tryAcquirePermission();
		breaker.onSuccess(100, TimeUnit.NANOSECONDS);
		return permitted;
	}

	/**
	 * The benchmark application's {@code jdbc} instances and {@code resilientdb.calls} timer, standalone copies of
	 * the instances (same configuration, no registry) and a bare Spring proxy.
	 */
	@State(Scope.Benchmark)
	public static class Steps {

		private ConfigurableApplicationContext context;

		ResilientDbTarget bareProxy;

		RetryBudget budget;

		Bulkhead bootBulkhead;

		Bulkhead standaloneBulkhead;

		CircuitBreaker bootBreaker;

		CircuitBreaker standaloneBreaker;

		Timer timer;

		@Setup(Level.Trial)
		public void start() {
			this.context = BenchmarkApplication.start();
			ProxyFactory proxyFactory = new ProxyFactory(new ResilientDbTarget());
			proxyFactory.setProxyTargetClass(true);
			proxyFactory.addAdvice((MethodInterceptor) MethodInvocation::proceed);
			this.bareProxy = (ResilientDbTarget) proxyFactory.getProxy();
			this.budget = new RetryBudget(0.1, 5);
			this.bootBulkhead = this.context.getBean(BulkheadRegistry.class).bulkhead("jdbc");
			this.standaloneBulkhead = Bulkhead.of("standalone", this.bootBulkhead.getBulkheadConfig());
			this.bootBreaker = this.context.getBean(CircuitBreakerRegistry.class).circuitBreaker("jdbc");
			this.standaloneBreaker = CircuitBreaker.of("standalone", this.bootBreaker.getCircuitBreakerConfig());
			this.timer = this.context.getBean(MeterRegistry.class)
				.get("resilientdb.calls")
				.tag("datastore", "jdbc")
				.tag("outcome", "success")
				.tag("method", "ResilientDbTarget.noop")
				.timer();
		}

		@TearDown(Level.Trial)
		public void stop() {
			this.context.close();
		}

	}

	/**
	 * The benchmark application without Resilience4j's Boot registries.
	 */
	@State(Scope.Benchmark)
	public static class WithoutBootRegistries {

		private ConfigurableApplicationContext context;

		ResilientDbTarget target;

		@Setup(Level.Trial)
		public void start() {
			this.context = BenchmarkApplication.start(WITHOUT_BOOT_REGISTRIES);
			this.target = this.context.getBean(ResilientDbTarget.class);
		}

		@TearDown(Level.Trial)
		public void stop() {
			this.context.close();
		}

	}

}
