package io.shardbridge.examples.creditline;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;

/** A customer's credit line: a limit and what is drawn on it. */
@Entity
@Table(name = "credit_line")
public class CreditLine {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "customer_id", nullable = false)
    private long customerId;
    @Column(name = "limit_amount", nullable = false)
    private BigDecimal limitAmount;
    @Column(name = "used_amount", nullable = false)
    private BigDecimal usedAmount = BigDecimal.ZERO;
    @Column(nullable = false)
    private String status = "OPEN";

    protected CreditLine() {
    }

    public CreditLine(long customerId, BigDecimal limitAmount) {
        this.customerId = customerId;
        this.limitAmount = limitAmount;
    }

    /** Draws {@code amount} if the limit allows; false otherwise. */
    public boolean draw(BigDecimal amount) {
        if (usedAmount.add(amount).compareTo(limitAmount) > 0) {
            return false;
        }
        usedAmount = usedAmount.add(amount);
        return true;
    }

    public Long getId() {
        return id;
    }

    public long getCustomerId() {
        return customerId;
    }

    public BigDecimal getLimitAmount() {
        return limitAmount;
    }

    public BigDecimal getUsedAmount() {
        return usedAmount;
    }

    public String getStatus() {
        return status;
    }
}
