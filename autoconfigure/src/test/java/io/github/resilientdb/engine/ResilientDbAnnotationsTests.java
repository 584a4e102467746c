package io.github.resilientdb.engine;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

import io.github.resilientdb.Idempotency;
import io.github.resilientdb.ResilientDb;
import org.junit.jupiter.api.Test;

import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;

class ResilientDbAnnotationsTests {

	@Test
	void findShouldReturnMethodAnnotation() {
		ResilientDb annotation = ResilientDbAnnotations.find(method(MethodAnnotated.class, "find"),
				MethodAnnotated.class);
		assertThat(annotation).isNotNull();
		assertThat(annotation.datastore()).isEqualTo("jdbc");
	}

	@Test
	void findShouldReturnNullForUnannotatedMethodOfUnannotatedType() {
		assertThat(ResilientDbAnnotations.find(method(MethodAnnotated.class, "plain"), MethodAnnotated.class)).isNull();
	}

	@Test
	void findShouldPreferMethodAnnotationOverTypeAnnotation() {
		ResilientDb annotation = ResilientDbAnnotations.find(method(TypeAnnotated.class, "save"), TypeAnnotated.class);
		assertThat(annotation.idempotency()).isEqualTo(Idempotency.NOT_IDEMPOTENT);
	}

	@Test
	void findShouldApplyTypeAnnotationToPublicMethods() {
		ResilientDb annotation = ResilientDbAnnotations.find(method(TypeAnnotated.class, "find"), TypeAnnotated.class);
		assertThat(annotation).isNotNull();
		assertThat(annotation.datastore()).isEqualTo("mongo");
	}

	@Test
	void findShouldNotApplyTypeAnnotationToNonPublicMethods() {
		assertThat(ResilientDbAnnotations.find(method(TypeAnnotated.class, "helper"), TypeAnnotated.class)).isNull();
		assertThat(ResilientDbAnnotations.find(method(TypeAnnotated.class, "packageHelper"), TypeAnnotated.class))
			.isNull();
		assertThat(ResilientDbAnnotations.find(method(TypeAnnotated.class, "helper"), null)).isNull();
	}

	@Test
	void findShouldApplyTypeAnnotationOfSuperclassToInheritedPublicMethods() {
		ResilientDb annotation = ResilientDbAnnotations.find(method(TypeAnnotated.class, "find"),
				TypeAnnotatedSubclass.class);
		assertThat(annotation).isNotNull();
		assertThat(annotation.datastore()).isEqualTo("mongo");
	}

	@Test
	void findShouldReturnAnnotationOfImplementedInterfaceMethod() {
		ResilientDb annotation = ResilientDbAnnotations.find(method(AnnotatedInterface.class, "find"),
				InterfaceImplementation.class);
		assertThat(annotation).isNotNull();
		assertThat(annotation.datastore()).isEqualTo("redis");
	}

	@Test
	void findShouldApplyRepositoryInterfaceAnnotationToItsMethodsThroughProxy() {
		Object proxy = Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { AnnotatedRepository.class },
				(target, method, arguments) -> null);
		ResilientDb annotation = ResilientDbAnnotations.find(method(AnnotatedRepository.class, "findAll"),
				proxy.getClass());
		assertThat(annotation).isNotNull();
		assertThat(annotation.datastore()).isEqualTo("mongo");
	}

	@Test
	void findShouldIgnoreObjectAndStaticMethods() {
		assertThat(ResilientDbAnnotations.find(method(Object.class, "hashCode"), TypeAnnotated.class)).isNull();
		assertThat(ResilientDbAnnotations.find(method(TypeAnnotated.class, "create"), TypeAnnotated.class)).isNull();
	}

	private static Method method(Class<?> type, String name) {
		for (Method method : ReflectionUtils.getUniqueDeclaredMethods(type)) {
			if (method.getName().equals(name)) {
				return method;
			}
		}
		throw new IllegalArgumentException(name);
	}

	static class MethodAnnotated {

		@ResilientDb(datastore = "jdbc")
		public String find() {
			return "found";
		}

		public String plain() {
			return "plain";
		}

	}

	@ResilientDb(datastore = "mongo")
	static class TypeAnnotated {

		static TypeAnnotated create() {
			return new TypeAnnotated();
		}

		public String find() {
			return helper();
		}

		@ResilientDb(datastore = "mongo", idempotency = Idempotency.NOT_IDEMPOTENT)
		public void save() {
		}

		String packageHelper() {
			return "helper";
		}

		private String helper() {
			return "helper";
		}

	}

	static class TypeAnnotatedSubclass extends TypeAnnotated {

	}

	interface AnnotatedInterface {

		@ResilientDb(datastore = "redis")
		String find();

	}

	static class InterfaceImplementation implements AnnotatedInterface {

		@Override
		public String find() {
			return "found";
		}

	}

	@ResilientDb(datastore = "mongo")
	interface AnnotatedRepository {

		Iterable<String> findAll();

	}

}
