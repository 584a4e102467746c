package io.github.resilientdb.jdbc.integration;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.PrePersist;
import jakarta.persistence.Table;

/**
 * The JPA tests' entity: a generated id (IDENTITY, so Hibernate inserts on persist) and a unique name.
 */
@Entity
@Table(name = "jpa_pet")
public class JpaPet {

	/**
	 * How many times Hibernate was asked to insert a pet, whatever became of the insert.
	 */
	static final AtomicInteger persists = new AtomicInteger();

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	private String name;

	private int visits;

	protected JpaPet() {
	}

	JpaPet(String name) {
		this.name = name;
	}

	@PrePersist
	void countPersist() {
		persists.incrementAndGet();
	}

	Long getId() {
		return this.id;
	}

	String getName() {
		return this.name;
	}

	int getVisits() {
		return this.visits;
	}

	void visit(int count) {
		this.visits += count;
	}

}
