package io.shardbridge.examples.creditline;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A credit-line service: open a line, draw on it, read it. Spring Data JPA over Hibernate; nothing of shardbridge. */
@SpringBootApplication
public class CreditLineApplication {
    public static void main(String[] args) {
        SpringApplication.run(CreditLineApplication.class, args);
    }
}
