package io.shardbridge.examples.demo;

import io.shardbridge.bridge.jdbc.BridgeDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Changes the shards behind shardbridge's back, so that the verification has something to find. */
final class Tamper {
    private Tamper() {
    }

    /**
     * One changed balance, one missing row, one row legacy never had — written straight to the shards'
     * router, on cards the workload leaves alone ({@link Workload#UNTOUCHED}: a service write to a card
     * would mirror its image again and heal the tampering before the verification could see it).
     */
    static void threeRows(BridgeDataSource ds, int seededRows) throws SQLException {
        long changed = seededRows - 40;
        long deleted = seededRows - 50;
        try (Connection c = ds.bridge().targetDataSource().getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE bank_card SET balance = balance + 1000 WHERE card_id = " + changed + " AND user_id = " + changed % 20000);
            st.executeUpdate("DELETE FROM bank_card WHERE card_id = " + deleted + " AND user_id = " + deleted % 20000);
            st.executeUpdate("INSERT INTO bank_card (card_id, user_id, pan_last4, status, balance, issued_at, memo) "
                    + "VALUES (999999999, 19999, '9999', 'GHOST', 0, now(), 'never on legacy')");
        }
    }
}
