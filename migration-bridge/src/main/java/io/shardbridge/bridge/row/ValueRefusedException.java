package io.shardbridge.bridge.row;

import java.sql.SQLException;

/**
 * A value the mirror's column cannot hold exactly (NaN in a DECIMAL, ±infinity or a year outside 1..9999
 * in a DATETIME, a NaN element in a JSON array): refused rather than written wrong. It fails the mirror
 * write of its row like any mirror error, so the row's intent stays for the repairer and the failure is
 * counted; the message names the table, the column, the key and what to change.
 */
public final class ValueRefusedException extends SQLException {
    public ValueRefusedException(String message, String sqlState) {
        super(message, sqlState);
    }

    /** The same refusal, naming the row it came from. */
    public ValueRefusedException forRow(String key) {
        ValueRefusedException e = new ValueRefusedException(getMessage().replaceFirst(": ", ", row " + key + ": "), getSQLState());
        e.setStackTrace(getStackTrace());
        return e;
    }
}
