package io.github.resilientdb.slices;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The entity of the JPA slice test.
 */
@Entity
@Table(name = "slice_pet")
public class SlicePet {

	@Id
	@GeneratedValue
	private Long id;

	private String name;

	protected SlicePet() {
	}

	SlicePet(String name) {
		this.name = name;
	}

	String getName() {
		return this.name;
	}

}
