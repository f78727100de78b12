package io.shardbridge;

/**
 * The one unchecked root for every non-JDBC failure in shardbridge (configuration, provisioning,
 * planning). Messages name the table, key or setting at fault and what to do about it.
 * JDBC paths throw {@link java.sql.SQLException} subclasses instead, keeping SQLState and vendor code.
 */
public class ShardbridgeException extends RuntimeException {
    public ShardbridgeException(String message) {
        super(message);
    }

    public ShardbridgeException(String message, Throwable cause) {
        super(message, cause);
    }
}
