package io.shardbridge.examples.demo;

import io.shardbridge.bridge.jdbc.BridgeDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Changes the shards behind shardbridge's back, so that the verification has something to find. */
final class Tamper {
    private Tamper() {
    }

    /** One changed balance, one missing row, one row legacy never had — written straight to the shards' router. */
    static void threeRows(BridgeDataSource ds) throws SQLException {
        try (Connection c = ds.targetDataSource().getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE bank_card SET balance = balance + 1000 WHERE card_id = 4242 AND user_id = 4242");
            st.executeUpdate("DELETE FROM bank_card WHERE card_id = 777 AND user_id = 777");
            st.executeUpdate("INSERT INTO bank_card (card_id, user_id, pan_last4, status, balance, issued_at, memo) "
                    + "VALUES (999999999, 19999, '9999', 'GHOST', 0, now(), 'never on legacy')");
        }
    }
}
