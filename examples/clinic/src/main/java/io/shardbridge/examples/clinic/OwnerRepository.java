package io.shardbridge.examples.clinic;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

/**
 * Owners. {@code findByLastNameStartingWith} is Spring Data's derived query: Hibernate 6 sends
 * {@code … where o1_0.last_name like ? escape '\' fetch first ? rows only} and a count query, and
 * {@code findById} loads the owner with its pets and their types in one join.
 */
public interface OwnerRepository extends JpaRepository<Owner, Integer> {
    Page<Owner> findByLastNameStartingWith(String lastName, Pageable pageable);
}
