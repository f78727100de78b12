package io.shardbridge.examples.bankcard;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A card service: issue a card, top it up, read it. It knows JdbcTemplate and nothing of shardbridge. */
@SpringBootApplication
public class BankCardApplication {
    public static void main(String[] args) {
        SpringApplication.run(BankCardApplication.class, args);
    }
}
