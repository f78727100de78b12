package io.shardbridge.examples.clinic;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A veterinary clinic service written as Spring PetClinic is: owners, their pets and the pets' visits on
 * Spring Data JPA over Hibernate 6, its schema created by {@code spring.sql.init} scripts on every start.
 * Nothing in its code knows of shardbridge.
 */
@SpringBootApplication
public class ClinicApplication {
    public static void main(String[] args) {
        SpringApplication.run(ClinicApplication.class, args);
    }
}
