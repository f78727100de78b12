package io.shardbridge.examples.creditline;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface CreditLines extends JpaRepository<CreditLine, Long> {
    Optional<CreditLine> findByIdAndCustomerId(long id, long customerId);
}
