package io.github.resilientdb.test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import javax.sql.DataSource;

/**
 * Records, during a chaos test, the id of every write the application acknowledged and of every write that failed,
 * then checks against the database that no acknowledged write was lost and no write applied twice. Thread-safe.
 * <p>
 * Each write must store its id in a column that is <em>not</em> unique (a request id, say), so that a write applied
 * twice shows as two rows rather than a constraint violation:
 *
 * <pre>{@code
 * String id = ledger.newId();
 * try {
 *     orders.place(id, item);      // a @ResilientDb method that INSERTs a row with request_id = id
 *     ledger.acknowledged(id);
 * }
 * catch (RuntimeException ex) {
 *     ledger.failed(id);           // maybe applied, maybe not: both are fine, twice is not
 * }
 * ...
 * ledger.verify(dataSource, "SELECT request_id, COUNT(*) FROM orders GROUP BY request_id")
 *     .assertNothingLostOrDuplicated();
 * }</pre>
 */
public final class WriteLedger {

	private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();

	private final Set<String> failed = ConcurrentHashMap.newKeySet();

	/** A new unique write id. */
	public String newId() {
		return UUID.randomUUID().toString();
	}

	/** Records that the write with this id was acknowledged: it returned normally to its caller. */
	public void acknowledged(String id) {
		this.acknowledged.add(id);
		this.failed.remove(id);
	}

	/** Records that the write with this id failed: it may or may not have been applied. */
	public void failed(String id) {
		if (!this.acknowledged.contains(id)) {
			this.failed.add(id);
		}
	}

	/** How many acknowledged writes were recorded. */
	public int acknowledgedCount() {
		return this.acknowledged.size();
	}

	/** How many failed writes were recorded. */
	public int failedCount() {
		return this.failed.size();
	}

	/**
	 * Compares the ledger with how many times each id was applied.
	 * @param appliedCounts how often each id occurs in the database (ids absent from the map occur 0 times)
	 * @return the verdict
	 */
	public Report verify(Map<String, Long> appliedCounts) {
		return verify(appliedCounts::get);
	}

	/**
	 * Compares the ledger with how many times each id was applied.
	 * @param appliedCount how often the id occurs in the database ({@code null} or 0: never)
	 * @return the verdict
	 */
	public Report verify(Function<String, Long> appliedCount) {
		Map<String, Long> duplicated = new HashMap<>();
		Set<String> lost = ConcurrentHashMap.newKeySet();
		long failedButApplied = 0;
		for (String id : this.acknowledged) {
			long count = count(appliedCount.apply(id));
			if (count == 0) {
				lost.add(id);
			}
			else if (count > 1) {
				duplicated.put(id, count);
			}
		}
		for (String id : this.failed) {
			long count = count(appliedCount.apply(id));
			if (count > 1) {
				duplicated.put(id, count);
			}
			else if (count == 1) {
				failedButApplied++;
			}
		}
		return new Report(this.acknowledged.size(), this.failed.size(), Set.copyOf(lost), Map.copyOf(duplicated),
				failedButApplied);
	}

	/**
	 * Compares the ledger with a JDBC database.
	 * @param dataSource a data source reaching the database directly (not through a fault proxy)
	 * @param countsByIdQuery a query returning one row per id: the id, then how many times it was applied, such
	 * as {@code SELECT request_id, COUNT(*) FROM orders GROUP BY request_id}
	 * @return the verdict
	 */
	public Report verify(DataSource dataSource, String countsByIdQuery) {
		Map<String, Long> counts = new HashMap<>();
		try (Connection connection = dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(countsByIdQuery);
				ResultSet rows = statement.executeQuery()) {
			while (rows.next()) {
				counts.put(rows.getString(1), rows.getLong(2));
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not read the applied writes with: " + countsByIdQuery, ex);
		}
		return verify(counts);
	}

	private static long count(Long count) {
		return (count != null) ? count : 0;
	}

	/**
	 * The verdict of {@link WriteLedger#verify}.
	 *
	 * @param acknowledged how many writes were acknowledged
	 * @param failed how many writes failed (ambiguous outcomes included)
	 * @param lost acknowledged writes the database does not have
	 * @param duplicated writes the database has more than once, with how many times
	 * @param failedButApplied failed writes the database has once: ambiguous outcomes that were in fact applied
	 */
	public record Report(int acknowledged, int failed, Set<String> lost, Map<String, Long> duplicated,
			long failedButApplied) {

		/** Whether no acknowledged write was lost and none applied twice. */
		public boolean isSound() {
			return this.lost.isEmpty() && this.duplicated.isEmpty();
		}

		/** Throws an {@link AssertionError} naming the lost and duplicated ids unless the report {@link #isSound}. */
		public void assertNothingLostOrDuplicated() {
			if (!isSound()) {
				throw new AssertionError(this.lost.size() + " acknowledged write(s) lost " + first(this.lost) + ", "
						+ this.duplicated.size() + " applied more than once " + first(this.duplicated.keySet())
						+ " (of " + this.acknowledged + " acknowledged, " + this.failed + " failed)");
			}
		}

		private static String first(Set<String> ids) {
			return ids.stream().limit(10).toList().toString();
		}

	}

}
