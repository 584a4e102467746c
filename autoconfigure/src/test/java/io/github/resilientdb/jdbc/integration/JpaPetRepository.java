package io.github.resilientdb.jdbc.integration;

import io.github.resilientdb.ResilientDb;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * A Spring Data JPA repository behind {@code @ResilientDb}; its datastore ({@code jdbc}) is inferred.
 */
@ResilientDb
public interface JpaPetRepository extends JpaRepository<JpaPet, Long> {

	long countByName(String name);

}
