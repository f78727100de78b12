package io.shardbridge.examples.creditline;

import org.springframework.data.jpa.repository.JpaRepository;

public interface Drawdowns extends JpaRepository<Drawdown, Long> {
}
