package io.github.resilientdb.mongo.durability;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.WriteConcernResolver;

/**
 * Wires the application's {@link WriteConcernResolver} into every {@link MongoTemplate}, which Spring Boot does not
 * do, before the template is used.
 * <p>
 * It leaves {@code WriteResultChecking} alone: in Spring Data MongoDB its only effect is to replace an unacknowledged
 * ({@code w:0}) or unresolved write concern by {@code WriteConcern.ACKNOWLEDGED}, which would silently turn
 * {@code FIRE_AND_FORGET} into {@code w:1} and every {@code DEFAULT} write into the server's default instead of the
 * client's write concern. The resolver gives the same guarantee without that: every write is acknowledged except
 * those explicitly configured as {@code FIRE_AND_FORGET}, and an unacknowledged client default fails the start.
 */
public final class MongoTemplateDurabilityPostProcessor implements BeanPostProcessor {

	private final ObjectProvider<WriteConcernResolver> resolver;

	/**
	 * Creates a post-processor.
	 * @param resolver the resolver to wire, used only when there is exactly one
	 */
	public MongoTemplateDurabilityPostProcessor(ObjectProvider<WriteConcernResolver> resolver) {
		this.resolver = resolver;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof MongoTemplate template) {
			WriteConcernResolver resolver = this.resolver.getIfUnique();
			if (resolver != null) {
				template.setWriteConcernResolver(resolver);
			}
		}
		return bean;
	}

}
