package io.github.resilientdb.mongo.durability;

import java.util.EnumMap;
import java.util.Map;

import com.mongodb.WriteConcern;
import io.github.resilientdb.Durability;
import io.github.resilientdb.engine.DurabilityScope;
import org.jspecify.annotations.Nullable;

import org.springframework.data.mongodb.core.MongoAction;
import org.springframework.data.mongodb.core.WriteConcernResolver;
import org.springframework.util.Assert;

/**
 * Resolves the write concern of each {@code MongoTemplate} write from its durability: the durability of the
 * {@code @ResilientDb} method running on the calling thread, else the durability configured for the collection, else
 * the default level. {@link Durability#DEFAULT} at the end of that chain keeps the template's and client's own write
 * concern.
 * <p>
 * The write concerns of the levels are built once; resolving allocates nothing.
 */
public final class DurabilityWriteConcernResolver implements WriteConcernResolver {

	private final Map<Durability, WriteConcern> levels;

	private final Map<String, Durability> collections;

	private final Durability defaultLevel;

	/**
	 * Creates a resolver.
	 * @param levels the write concern of every level but {@link Durability#DEFAULT}
	 * @param collections the durability of collections, by name
	 * @param defaultLevel the durability of the other writes, never {@link Durability#FIRE_AND_FORGET}
	 */
	public DurabilityWriteConcernResolver(Map<Durability, WriteConcern> levels, Map<String, Durability> collections,
			Durability defaultLevel) {
		for (Durability level : Durability.values()) {
			Assert.isTrue(level == Durability.DEFAULT || levels.containsKey(level),
					() -> "No write concern for " + level);
		}
		Assert.isTrue(defaultLevel != Durability.FIRE_AND_FORGET,
				"FIRE_AND_FORGET is allowed only for the collections and methods that ask for it");
		this.levels = new EnumMap<>(levels);
		this.collections = Map.copyOf(collections);
		this.defaultLevel = defaultLevel;
	}

	@Override
	public @Nullable WriteConcern resolve(MongoAction action) {
		Durability durability = durability(action.getCollectionName());
		return (durability != Durability.DEFAULT) ? this.levels.get(durability) : action.getDefaultWriteConcern();
	}

	/**
	 * The durability that applies to a write to a collection made on the current thread.
	 * @param collection the collection name
	 * @return the durability, {@link Durability#DEFAULT} for the client's own write concern
	 */
	public Durability durability(String collection) {
		Durability durability = DurabilityScope.current();
		if (durability == Durability.DEFAULT) {
			durability = this.collections.getOrDefault(collection, Durability.DEFAULT);
		}
		return (durability != Durability.DEFAULT) ? durability : this.defaultLevel;
	}

	/**
	 * The write concern of a level.
	 * @param durability the level, not {@link Durability#DEFAULT}
	 * @return the write concern
	 */
	public WriteConcern writeConcern(Durability durability) {
		Assert.isTrue(durability != Durability.DEFAULT, "DEFAULT has no write concern of its own");
		return this.levels.get(durability);
	}

}
