package io.shardbridge.sharding.fastpath;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements the fast path is checked against ShardingSphere with: every statement the foundation
 * tests run through the sharded target, plus the shapes the planner must recognise (aliases, owners,
 * literals, OR-branches, RETURNING, upserts, batches, every algorithm) and the ones it must leave alone
 * (IN lists, ranges, joins, subqueries, expressions of the key, key updates, broadcast and single tables).
 */
final class StatementCorpus {
    /** What one case does with its prepared statement. */
    enum Mode { QUERY, UPDATE, BATCH }

    /** Binds one execution's parameters. */
    @FunctionalInterface
    interface Binding {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /**
     * @param executions one binding per execution; a binding may set only some parameters (JDBC keeps the rest)
     * @param fast       whether the fast path must take it (false: ShardingSphere must run every execution)
     * @param masked     a column whose values differ by design between two runs (a generated key), or null
     */
    record Case(String name, String sql, Mode mode, List<Binding> executions, boolean fast, boolean postgresOnly, String masked) {
        @Override
        public String toString() {
            return name;
        }
    }

    private StatementCorpus() {
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        // foundation tests (ShardingContract, DriverContract)
        c.add(update("insert by shard key", "INSERT INTO orders (order_id, user_id, amount, status) VALUES (?, ?, ?, ?)", true,
                ps -> { ps.setLong(1, 201); ps.setLong(2, 3); ps.setBigDecimal(3, new BigDecimal("10.50")); ps.setString(4, "NEW"); },
                ps -> { ps.setLong(1, 202); ps.setLong(2, 4); }));
        c.add(update("update by shard key and id", "UPDATE orders SET status = ? WHERE user_id = ? AND order_id = ?", true,
                ps -> { ps.setString(1, "PAID"); ps.setLong(2, 3); ps.setLong(3, 103); }));
        c.add(query("select by shard key", "SELECT status, amount FROM orders WHERE user_id = ?", true,
                ps -> ps.setLong(1, 3), ps -> ps.setLong(1, 6)));
        c.add(update("delete by shard key", "DELETE FROM orders WHERE user_id = ?", true, ps -> ps.setLong(1, 4)));
        c.add(update("insert with a timestamp", "INSERT INTO orders (order_id, user_id, amount, status, created_at) VALUES (?, ?, ?, ?, ?)", true,
                ps -> { ps.setLong(1, 301); ps.setLong(2, 1); ps.setBigDecimal(3, BigDecimal.ONE); ps.setString(4, "NEW");
                        ps.setTimestamp(5, java.sql.Timestamp.valueOf("2024-05-06 07:08:09.123456")); }));
        c.add(query("select by a literal shard key", "SELECT created_at FROM orders WHERE user_id = 1", true, ps -> { }));
        c.add(query("count by shard key and status", "SELECT COUNT(*) AS n FROM orders WHERE user_id = ? AND status = ?", true,
                ps -> { ps.setLong(1, 2); ps.setString(2, "NEW"); }, ps -> ps.setString(2, "PAID")));
        c.add(query("IN list over shards", "SELECT user_id FROM orders WHERE user_id IN (?, ?, ?, ?) ORDER BY user_id", false,
                ps -> { ps.setLong(1, 1); ps.setLong(2, 2); ps.setLong(3, 5); ps.setLong(4, 8); }));
        c.add(update("insert on a range table", "INSERT INTO account (account_id, owner, balance) VALUES (?, ?, ?)", true,
                ps -> { ps.setLong(1, 2750); ps.setString(2, "zed"); ps.setBigDecimal(3, new BigDecimal("1.25")); }));
        c.add(query("range with paging", "SELECT account_id FROM account WHERE account_id BETWEEN ? AND ? ORDER BY account_id DESC LIMIT ? OFFSET ?", false,
                ps -> { ps.setLong(1, 1); ps.setLong(2, 3000); ps.setInt(3, 2); ps.setInt(4, 1); }));
        c.add(query("open range with limit", "SELECT account_id FROM account WHERE account_id > ? ORDER BY account_id LIMIT ?", false,
                ps -> { ps.setLong(1, 1000); ps.setInt(2, 2); }));
        c.add(query("aggregates over all shards", "SELECT COUNT(*) AS n, SUM(amount) AS total, MIN(user_id) AS lo, MAX(user_id) AS hi, AVG(amount) AS mean FROM orders",
                false, ps -> { }));
        c.add(query("group by over all shards", "SELECT status, COUNT(*) AS n FROM orders GROUP BY status ORDER BY status", false, ps -> { }));
        c.add(update("insert a binding-table row", "INSERT INTO order_item (item_id, order_id, user_id, sku, qty) VALUES (?, ?, ?, ?, ?)", true,
                ps -> { ps.setLong(1, 9001); ps.setLong(2, 105); ps.setLong(3, 5); ps.setString(4, "SKU-9"); ps.setInt(5, 2); }));
        c.add(new Case("insert with a generated key", "INSERT INTO orders (user_id, amount, status) VALUES (?, ?, ?)", Mode.UPDATE,
                List.of(ps -> { ps.setLong(1, 7); ps.setBigDecimal(2, BigDecimal.TEN); ps.setString(3, "NEW"); },
                        ps -> ps.setLong(1, 2)), true, false, "order_id"));
        c.add(new Case("generated key with RETURNING", "INSERT INTO orders (user_id, amount, status) VALUES (?, ?, 'NEW') RETURNING order_id, user_id, amount",
                Mode.QUERY, List.of(ps -> { ps.setLong(1, 3); ps.setBigDecimal(2, BigDecimal.ONE); }), true, true, "order_id"));
        c.add(new Case("generated key, marker after VALUES", "INSERT INTO orders (user_id, amount, status) VALUES (?, ?, 'NEW') "
                + "ON CONFLICT (order_id) DO UPDATE SET amount = ?", Mode.UPDATE,
                List.of(ps -> { ps.setLong(1, 3); ps.setBigDecimal(2, BigDecimal.ONE); ps.setBigDecimal(3, BigDecimal.TEN); }), false, true, "order_id"));
        c.add(update("insert into a broadcast table", "INSERT INTO card_bin (bin, bank) VALUES (?, ?)", false,
                ps -> { ps.setString(1, "999999"); ps.setString(2, "Other Bank"); }));
        c.add(query("binding join", "SELECT COUNT(*) AS n FROM orders o JOIN order_item i ON o.order_id = i.order_id AND o.user_id = i.user_id", false, ps -> { }));
        c.add(update("insert on an interval table", "INSERT INTO daily_event (event_day, event_id, note) VALUES (?, ?, ?)", true,
                ps -> { ps.setDate(1, Date.valueOf("2024-03-15")); ps.setLong(2, 77); ps.setString(3, "march"); }));
        c.add(query("interval range", "SELECT event_id FROM daily_event WHERE event_day BETWEEN ? AND ? ORDER BY event_day", false,
                ps -> { ps.setDate(1, Date.valueOf("2024-01-01")); ps.setDate(2, Date.valueOf("2024-12-31")); }));
        c.add(query("single table", "SELECT body FROM single_note WHERE note_id = 7", false, ps -> { }));
        // shapes the planner must recognise
        c.add(query("alias owner", "SELECT o.status, o.amount FROM orders o WHERE o.user_id = ? ORDER BY o.order_id", true, ps -> ps.setLong(1, 2)));
        c.add(query("table-name owner", "SELECT orders.status FROM orders WHERE orders.user_id = ? AND orders.order_id > ?", true,
                ps -> { ps.setLong(1, 2); ps.setLong(2, 0); }));
        c.add(query("value on the left", "SELECT order_id FROM orders WHERE ? = user_id", true, ps -> ps.setLong(1, 5)));
        c.add(query("OR-branches that pin one key", "SELECT order_id FROM orders WHERE user_id = ? AND (status = 'NEW' OR status = 'PAID') ORDER BY order_id", true,
                ps -> ps.setLong(1, 2)));
        c.add(query("aggregates on one shard", "SELECT COUNT(*) AS n, SUM(amount) AS total, AVG(amount) AS mean, MAX(order_id) AS hi FROM orders WHERE user_id = ?", true,
                ps -> ps.setLong(1, 2)));
        c.add(query("group, order and limit on one shard", "SELECT status, COUNT(*) AS n FROM orders WHERE user_id = ? GROUP BY status ORDER BY status LIMIT ?", true,
                ps -> { ps.setLong(1, 2); ps.setInt(2, 5); }));
        c.add(query("locking read", "SELECT amount FROM orders WHERE user_id = ? FOR UPDATE", true, ps -> ps.setLong(1, 6)));
        c.add(update("arithmetic update", "UPDATE account SET balance = balance + ? WHERE account_id = ?", true,
                ps -> { ps.setBigDecimal(1, new BigDecimal("2.50")); ps.setLong(2, 1500); }, ps -> ps.setLong(2, 3500)));
        c.add(query("hash-mod table", "SELECT card_no, balance FROM card WHERE card_id = ?", true, ps -> ps.setLong(1, 3), ps -> ps.setLong(1, 4)));
        c.add(update("hash-mod update", "UPDATE card SET balance = ? WHERE card_id = ?", true,
                ps -> { ps.setBigDecimal(1, new BigDecimal("99.99")); ps.setLong(2, 5); }));
        c.add(query("interval table by day", "SELECT note FROM daily_event WHERE event_day = ? AND event_id = ?", true,
                ps -> { ps.setDate(1, Date.valueOf("2024-02-10")); ps.setLong(2, 2); }));
        c.add(query("setObject key", "SELECT status FROM orders WHERE user_id = ?", true, ps -> ps.setObject(1, 7L), ps -> ps.setObject(1, 8)));
        c.add(query("NULL key goes through ShardingSphere", "SELECT status FROM orders WHERE user_id = ?", false, ps -> ps.setNull(1, Types.BIGINT)));
        c.add(new Case("quoted table name", "SELECT status FROM \"orders\" WHERE user_id = ?", Mode.QUERY, List.of(ps -> ps.setLong(1, 1)), true, true, null));
        c.add(new Case("delete returning", "DELETE FROM orders WHERE user_id = ? RETURNING order_id, status", Mode.QUERY,
                List.of(ps -> ps.setLong(1, 8)), true, true, null));
        c.add(new Case("update returning", "UPDATE orders SET amount = amount * 2 WHERE user_id = ? RETURNING order_id, amount", Mode.QUERY,
                List.of(ps -> ps.setLong(1, 1)), true, true, null));
        c.add(new Case("upsert", "INSERT INTO account (account_id, owner, balance) VALUES (?, ?, ?) ON CONFLICT (account_id) DO UPDATE SET balance = EXCLUDED.balance",
                Mode.UPDATE, List.of(ps -> { ps.setLong(1, 5); ps.setString(2, "x"); ps.setBigDecimal(3, new BigDecimal("7.00")); },
                        ps -> ps.setLong(1, 6)), true, true, null));
        c.add(batch("batch on one table", "UPDATE orders SET status = ? WHERE user_id = ?", true,
                ps -> { ps.setString(1, "A"); ps.setLong(2, 1); }, ps -> ps.setString(1, "B"), ps -> ps.setLong(2, 5)));
        c.add(batch("batch across tables", "UPDATE orders SET status = ? WHERE user_id = ?", false,
                ps -> { ps.setString(1, "A"); ps.setLong(2, 1); }, ps -> ps.setLong(2, 2), ps -> ps.setLong(2, 3)));
        // shapes it must leave to ShardingSphere
        c.add(query("two conditions on the key", "SELECT order_id FROM orders WHERE user_id = ? AND user_id = ?", false,
                ps -> { ps.setLong(1, 2); ps.setLong(2, 2); }));
        c.add(query("OR over two keys", "SELECT order_id FROM orders WHERE user_id = ? OR user_id = ? ORDER BY order_id", false,
                ps -> { ps.setLong(1, 2); ps.setLong(2, 3); }));
        c.add(query("key in an expression", "SELECT order_id FROM orders WHERE user_id = ? + 1", false, ps -> ps.setLong(1, 2)));
        c.add(query("subquery", "SELECT order_id FROM orders WHERE user_id = ? AND amount > (SELECT MIN(amount) AS m FROM orders WHERE user_id = ?)", false,
                ps -> { ps.setLong(1, 2); ps.setLong(2, 2); }));
        c.add(query("no WHERE", "SELECT COUNT(*) AS n FROM card", false, ps -> { }));
        c.add(update("key update", "UPDATE orders SET user_id = ? WHERE user_id = ? AND order_id = ?", false,
                ps -> { ps.setLong(1, 2); ps.setLong(2, 2); ps.setLong(3, 102); }));
        c.add(update("multi-row insert", "INSERT INTO card (card_id, user_id, card_no, balance) VALUES (?, 1, 'n', 0), (?, 2, 'm', 0)", false,
                ps -> { ps.setLong(1, 50); ps.setLong(2, 51); }));
        return c;
    }

    private static Case query(String name, String sql, boolean fast, Binding... executions) {
        return new Case(name, sql, Mode.QUERY, List.of(executions), fast, false, null);
    }

    private static Case update(String name, String sql, boolean fast, Binding... executions) {
        return new Case(name, sql, Mode.UPDATE, List.of(executions), fast, false, null);
    }

    private static Case batch(String name, String sql, boolean fast, Binding... entries) {
        return new Case(name, sql, Mode.BATCH, List.of(entries), fast, false, null);
    }
}
