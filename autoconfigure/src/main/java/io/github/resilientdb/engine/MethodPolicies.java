package io.github.resilientdb.engine;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.BaseStream;
import java.util.stream.Collectors;

import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilientdb.Durability;
import io.github.resilientdb.Idempotency;
import io.github.resilientdb.ResilientDb;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.util.ClassUtils;

/**
 * Resolves and caches the {@link MethodPolicy} of each annotated method of each bean. Resolution happens once per
 * method (at start-up, through {@link #resolve}, or on the first call); a method whose annotation cannot be honoured
 * fails with an {@link InvalidResilientDbMethodException} naming it.
 */
public final class MethodPolicies {

	private static final List<String> READ_PREFIXES = List.of("find", "get", "read", "query", "search", "stream",
			"count", "exists");

	private static final String REPOSITORY = "org.springframework.data.repository.Repository";

	private static final String TRANSACTIONAL = "org.springframework.transaction.annotation.Transactional";

	private final Map<Class<?>, Map<Method, MethodPolicy>> cache = new ConcurrentHashMap<>();

	private final Datastores datastores;

	private final RetryPolicies retryPolicies;

	private final MeterRegistry meterRegistry;

	private final boolean methodTag;

	private final Map<String, DurabilityVerifier> durabilityVerifiers;

	/**
	 * Creates the resolver.
	 * @param datastores the datastores
	 * @param retryPolicies the retry policies
	 * @param meterRegistry where the {@code resilientdb.calls} timers are registered
	 * @param methodTag whether timers carry a {@code method} tag
	 */
	public MethodPolicies(Datastores datastores, RetryPolicies retryPolicies, MeterRegistry meterRegistry,
			boolean methodTag) {
		this(datastores, retryPolicies, meterRegistry, methodTag, List.of());
	}

	/**
	 * Creates the resolver.
	 * @param datastores the datastores
	 * @param retryPolicies the retry policies
	 * @param meterRegistry where the {@code resilientdb.calls} timers are registered
	 * @param methodTag whether timers carry a {@code method} tag
	 * @param durabilityVerifiers the durability verifiers of the datastore types that have one
	 */
	public MethodPolicies(Datastores datastores, RetryPolicies retryPolicies, MeterRegistry meterRegistry,
			boolean methodTag, List<DurabilityVerifier> durabilityVerifiers) {
		this.durabilityVerifiers = durabilityVerifiers.stream()
			.collect(Collectors.toUnmodifiableMap(DurabilityVerifier::datastoreType,
					(verifier) -> verifier));
		this.datastores = datastores;
		this.retryPolicies = retryPolicies;
		this.meterRegistry = meterRegistry;
		this.methodTag = methodTag;
	}

	/**
	 * The datastores the policies are resolved against.
	 * @return the datastores
	 */
	public Datastores datastores() {
		return this.datastores;
	}

	/**
	 * The retry policies the policies are resolved against.
	 * @return the retry policies
	 */
	public RetryPolicies retryPolicies() {
		return this.retryPolicies;
	}

	/**
	 * Replaces the configuration of a datastore's own retry policy at runtime. Every method is resolved again on its
	 * next call, so that those using the datastore's own policy pick up the new one; calls in progress finish with
	 * the retry they started with.
	 * @param datastore the datastore name
	 * @param config the new configuration
	 * @throws IllegalArgumentException if there is no such datastore
	 */
	public void replaceDatastoreRetry(String datastore, RetryConfig config) {
		this.retryPolicies.replaceDatastoreRetry(datastore, config);
		this.cache.clear();
	}

	MethodPolicy get(MethodInvocation invocation) {
		Object target = Objects.requireNonNull(invocation.getThis(), "@ResilientDb needs a target object");
		Map<Method, MethodPolicy> policies = this.cache.get(target.getClass());
		MethodPolicy policy = (policies != null) ? policies.get(invocation.getMethod()) : null;
		return (policy != null) ? policy : resolve(target, invocation.getMethod());
	}

	/**
	 * Resolves the policy of an annotated method of a bean ahead of its first call, validating the annotation.
	 * @param target the bean (for a repository, its proxy)
	 * @param method the method
	 * @throws InvalidResilientDbMethodException if the annotation cannot be honoured
	 */
	public void validate(Object target, Method method) {
		resolve(target, method);
	}

	private MethodPolicy resolve(Object target, Method method) {
		return this.cache.computeIfAbsent(target.getClass(), (type) -> new ConcurrentHashMap<>())
			.computeIfAbsent(method, (key) -> create(target, key));
	}

	private MethodPolicy create(Object target, Method method) {
		Class<?> targetClass = target.getClass();
		String name = ownerName(targetClass, method) + "." + method.getName();
		ResilientDb annotation = ResilientDbAnnotations.find(method, targetClass);
		if (annotation == null) {
			throw new InvalidResilientDbMethodException(name, "it carries no @ResilientDb annotation",
					"Annotate the method or its type with @ResilientDb.");
		}
		Class<?> deferred = DeferredReturnTypes.of(method);
		if (deferred != null) {
			throw new InvalidResilientDbMethodException(name,
					"it returns " + deferred.getSimpleName() + ", whose database work runs after the method returns,"
							+ " outside any policy; of the reactive and asynchronous return types only Mono, Flux,"
							+ " Publisher, CompletionStage and CompletableFuture are supported (with reactor-core and"
							+ " resilience4j-reactor on the class path)",
					"Return Mono, Flux or CompletionStage, or the result itself (a blocking call), or remove @ResilientDb from this"
							+ " method and protect the pipeline with Resilience4j's operators.");
		}
		if (annotation.durability() != Durability.DEFAULT && DeferredReturnTypes.isProtectedReactive(method)) {
			throw new InvalidResilientDbMethodException(name,
					"it returns " + method.getReturnType().getSimpleName() + " and asks for durability "
							+ annotation.durability() + ", which is verified on the calling thread only",
					"Remove durability from this @ResilientDb method, or return the result itself.");
		}
		String datastoreName = resolveDatastore(annotation, target, name);
		DatastorePolicy datastore = Objects.requireNonNull(this.datastores.get(datastoreName));
		Retry retry;
		try {
			retry = this.retryPolicies.retry(datastoreName, annotation.retry());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidResilientDbMethodException(name, ex.getMessage(),
					"Use a built-in retry policy or configure it under resilientdb.retry-policies."
							+ annotation.retry() + ".");
		}
		FallbackMethod fallback = null;
		if (!annotation.fallbackMethod().isEmpty()) {
			try {
				fallback = FallbackMethod.find(annotation.fallbackMethod(), method, targetClass);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidResilientDbMethodException(name, ex.getMessage(),
						"Declare the fallback method on the same bean, or fix @ResilientDb(fallbackMethod).");
			}
		}
		int maxRetries = (retry != null) ? retry.getRetryConfig().getMaxAttempts() - 1 : 0;
		Tags tags = Tags.of("datastore", datastoreName);
		if (this.methodTag) {
			tags = tags.and("method", name);
		}
		DurabilityVerifier verifier = null;
		if (annotation.durability() != Durability.DEFAULT) {
			verifier = this.durabilityVerifiers.get(
					Objects.requireNonNull(this.datastores.type(datastoreName)).name());
			checkDurability(verifier, name, datastoreName, annotation.durability());
		}
		DatastoreType type = Objects.requireNonNull(this.datastores.type(datastoreName));
		return new MethodPolicy(name, datastore, retry, maxRetries, isIdempotent(annotation, method, targetClass),
				datastore.retryNonAtomicWrites() || isAtomic(method, targetClass, type), fallback,
				annotation.durability(), verifier, timer(tags, "success"), timer(tags, "failure"),
				timer(tags, "rejected"), timer(tags, "fallback"), deadline(annotation, datastore, name).toNanos(),
				type.sendTracker(), DeferredReturnTypes.isProtectedReactive(method));
	}

	private static void checkDurability(@Nullable DurabilityVerifier verifier, String method, String datastore,
			Durability durability) {
		if (verifier == null) {
			return;
		}
		try {
			verifier.check(method, datastore, durability);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidResilientDbMethodException(method,
					"its durability " + durability + " cannot be honoured on datastore '" + datastore + "': "
							+ ex.getMessage(),
					"Ask for a durability the datastore's database supports, or name a datastore whose client can "
							+ "honour it with @ResilientDb(datastore).");
		}
	}

		private static Duration deadline(ResilientDb annotation, DatastorePolicy datastore, String name) {
		if (annotation.deadline().isEmpty()) {
			return datastore.deadline();
		}
		Duration deadline;
		try {
			deadline = DurationStyle.detectAndParse(annotation.deadline());
		}
		catch (IllegalArgumentException ex) {
			deadline = null;
		}
		if (deadline == null || deadline.isNegative() || deadline.isZero()) {
			throw new InvalidResilientDbMethodException(name,
					"its deadline '" + annotation.deadline() + "' is not a positive duration",
					"Use a duration such as @ResilientDb(deadline = \"3s\") or \"800ms\", or leave it empty for the "
							+ "datastore's resilientdb.datastores." + datastore.name() + ".deadline.");
		}
		return deadline;
	}

	private String resolveDatastore(ResilientDb annotation, Object target, String name) {
		if (!annotation.datastore().isEmpty()) {
			if (this.datastores.get(annotation.datastore()) == null) {
				throw new InvalidResilientDbMethodException(name,
						"its datastore '" + annotation.datastore() + "' does not exist; datastores present: "
								+ this.datastores.names().stream().sorted().toList(),
						"Use one of the datastores present, or configure resilientdb.datastores."
								+ annotation.datastore() + ".type.");
			}
			return annotation.datastore();
		}
		String inferred = this.datastores.infer(target);
		if (inferred == null) {
			throw new InvalidResilientDbMethodException(name,
					"its datastore cannot be inferred; datastores present: "
							+ this.datastores.names().stream().sorted().toList(),
					"Name the datastore with @ResilientDb(datastore = \"...\").");
		}
		return inferred;
	}

	private Timer timer(Tags tags, String outcome) {
		return Timer.builder("resilientdb.calls")
			.description("Calls through @ResilientDb, by datastore and outcome")
			.tags(tags)
			.tag("outcome", outcome)
			.register(this.meterRegistry);
	}

	private static boolean isIdempotent(ResilientDb annotation, Method method, Class<?> targetClass) {
		if (annotation.idempotency() != Idempotency.AUTO) {
			return annotation.idempotency() == Idempotency.IDEMPOTENT;
		}
		if (isReadOnlyTransaction(method) || isReadOnlyTransaction(method.getDeclaringClass())
				|| isReadOnlyTransaction(targetClass)) {
			return true;
		}
		return isRepository(targetClass) && READ_PREFIXES.stream().anyMatch(method.getName()::startsWith);
	}

	/**
	 * Whether the writes of a call are applied all or none. A method that runs in its own transaction is; so is a
	 * Spring Data repository method that sends one operation (not a {@code ...All} method, no collection argument),
	 * except on a store whose repositories write an entity with several commands (see
	 * {@link DatastoreType#atomicRepositoryWrites()}). Anything else may have applied an
	 * earlier statement before the one that failed, so a not-idempotent call of it is never repeated.
	 */
	private static boolean isAtomic(Method method, Class<?> targetClass, DatastoreType type) {
		if (startsOwnTransaction(method) || (!hasTransactional(method) && startsOwnTransaction(targetClass))) {
			return true;
		}
		return isRepository(targetClass) && type.atomicRepositoryWrites() && !method.getName().endsWith("All")
				&& Arrays.stream(method.getParameterTypes()).noneMatch(MethodPolicies::isMany);
	}

	private static boolean startsOwnTransaction(AnnotatedElement element) {
		MergedAnnotation<?> transactional = MergedAnnotations.from(element, SearchStrategy.TYPE_HIERARCHY)
			.get(TRANSACTIONAL);
		if (!transactional.isPresent()) {
			return false;
		}
		String propagation = String.valueOf(transactional.getValue("propagation").orElse("REQUIRED"));
		return List.of("REQUIRED", "REQUIRES_NEW", "NESTED").contains(propagation);
	}

	private static boolean hasTransactional(AnnotatedElement element) {
		return MergedAnnotations.from(element, SearchStrategy.TYPE_HIERARCHY).isPresent(TRANSACTIONAL);
	}

	private static boolean isMany(Class<?> type) {
		return type.isArray() || Iterable.class.isAssignableFrom(type)
				|| BaseStream.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type);
	}

	private static boolean isReadOnlyTransaction(AnnotatedElement element) {
		MergedAnnotation<?> transactional = MergedAnnotations.from(element, SearchStrategy.TYPE_HIERARCHY)
			.get(TRANSACTIONAL);
		return transactional.isPresent() && transactional.getBoolean("readOnly");
	}

	private static boolean isRepository(Class<?> targetClass) {
		ClassLoader classLoader = targetClass.getClassLoader();
		if (!ClassUtils.isPresent(REPOSITORY, classLoader)) {
			return false;
		}
		return ClassUtils.isAssignable(ClassUtils.resolveClassName(REPOSITORY, classLoader), targetClass);
	}

	private static String ownerName(Class<?> targetClass, Method method) {
		if (Proxy.isProxyClass(targetClass) && targetClass.getInterfaces().length > 0) {
			return targetClass.getInterfaces()[0].getSimpleName();
		}
		return ClassUtils.getUserClass(targetClass).getSimpleName();
	}

}
