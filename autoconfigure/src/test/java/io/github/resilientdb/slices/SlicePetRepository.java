package io.github.resilientdb.slices;

import io.github.resilientdb.ResilientDb;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * A JPA repository behind {@code @ResilientDb}, for the slice test.
 */
@ResilientDb
public interface SlicePetRepository extends JpaRepository<SlicePet, Long> {

}
