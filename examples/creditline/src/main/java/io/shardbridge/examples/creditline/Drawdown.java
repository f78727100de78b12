package io.shardbridge.examples.creditline;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;

/** One drawing on a credit line. */
@Entity
@Table(name = "drawdown")
public class Drawdown {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "credit_line_id", nullable = false)
    private long creditLineId;
    @Column(name = "customer_id", nullable = false)
    private long customerId;
    @Column(nullable = false)
    private BigDecimal amount;

    protected Drawdown() {
    }

    public Drawdown(long creditLineId, long customerId, BigDecimal amount) {
        this.creditLineId = creditLineId;
        this.customerId = customerId;
        this.amount = amount;
    }

    public Long getId() {
        return id;
    }
}
