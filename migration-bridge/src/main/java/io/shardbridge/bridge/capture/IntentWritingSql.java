package io.shardbridge.bridge.capture;

import io.shardbridge.bridge.intent.IntentTable;
import io.shardbridge.bridge.sql.SqlEdits;

/**
 * The caller's write on legacy PostgreSQL with its intents written by the same statement, in one round
 * trip instead of two:
 * <pre>
 * WITH sb_w AS (&lt;the caller's statement&gt; RETURNING *),
 *      sb_i AS (INSERT INTO shardbridge_intent (…) SELECT 'unit', 'table', 'id=' || sb_w.id::text, txn FROM sb_w)
 * SELECT * FROM sb_w
 * </pre>
 * The intents are part of the caller's statement, so they commit exactly when its rows do (DESIGN
 * §5.2). Used when every key column has a type whose text form needs no escaping in the intent's key
 * encoding (integers, numeric, uuid, date); otherwise the intents are written by a separate statement.
 * The table, its key and the INSERT are {@link IntentTable}'s: the same contract the dual write writes from Java.
 */
final class IntentWritingSql {
    private IntentWritingSql() {
    }

    /**
     * The wrapped statement, or null when the key columns need the general encoding. For a prepared
     * statement the transaction token is one more parameter, after the caller's (bound by
     * {@link #bindToken}), so the text is the same for every transaction and stays prepared on the server.
     */
    static String wrap(WriteRequest request, long txn) {
        if (request.shape().syntax().end() < 0) {
            return null;
        }
        String statement = SqlEdits.statementOnly(request.sql(), request.shape());
        return around(request, txn, SqlEdits.withReturning(statement, request.shape(), ReturningCapture.returningAllList(request.shape())));
    }

    /** As {@link #wrap}, around {@code body}: the caller's statement as the layer rewrote it, already returning the written rows. */
    static String around(WriteRequest request, long txn, String body) {
        if (request.unit() == null || request.shape().syntax().hasWith() || request.shape().syntax().end() < 0) {
            return null; // a WITH statement cannot be nested in another WITH's body when it writes: intents go separately
        }
        String key = IntentTable.rowKeySql(request.table(), request.shardKey(), "sb_w");
        if (key == null) {
            return null;
        }
        return "WITH sb_w AS (" + body + "\n), sb_i AS (" + IntentTable.insertSelect(literal(request.unit()), literal(request.table().name()), key,
                request.prepared() ? "CAST(? AS bigint)" : Long.toString(txn), "sb_w") + ") SELECT * FROM sb_w";
    }

    /** Binds the transaction token after the caller's parameters (prepared statements only). */
    static void bindToken(java.sql.PreparedStatement ps, WriteRequest request, long txn) throws java.sql.SQLException {
        ps.setLong(request.shape().parameterCount() + 1, txn);
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
