package io.shardbridge.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardbridge.config.Dialect;
import org.junit.jupiter.api.Test;

/** Tables read and written by PostgreSQL statements, including the shapes ShardingSphere's statement model loses. */
class TableAccessTest {
    private final ParsedStatements parsed = new ParsedStatements(100);

    private TableAccess tableAccess(String sql) {
        return parsed.get(Dialect.POSTGRESQL, sql).tableAccess();
    }

    private void expect(String sql, String[] read, String[] written) {
        TableAccess access = tableAccess(sql);
        assertThat(access.read()).as("read by " + sql).containsExactlyInAnyOrder(read);
        assertThat(access.written()).as("written by " + sql).containsExactlyInAnyOrder(written);
    }

    private static String[] t(String... names) {
        return names;
    }

    @Test
    void plainStatements() {
        expect("SELECT * FROM invoice i JOIN customer c ON c.id = i.customer_id WHERE i.id = $1", t("invoice", "customer"), t());
        expect("INSERT INTO invoice (id, customer_id) VALUES ($1, $2)", t(), t("invoice"));
        expect("UPDATE invoice SET total = total + ? WHERE id = ?", t(), t("invoice"));
        expect("DELETE FROM invoice WHERE id = 1", t(), t("invoice"));
        expect("SELECT 1", t(), t());
        expect("select * from Public.ACCT a for update", t("acct"), t());
        expect("SELECT * FROM \"MixedCase\"", t("MixedCase"), t());
    }

    @Test
    void sourcesOfAWriteAreReads() {
        expect("UPDATE invoice SET total = total + $1 FROM customer c WHERE c.id = invoice.customer_id", t("customer"), t("invoice"));
        expect("DELETE FROM invoice USING customer WHERE customer.id = invoice.customer_id", t("customer"), t("invoice"));
        expect("INSERT INTO b SELECT * FROM a JOIN c ON a.id = c.id", t("a", "c"), t("b"));
        expect("UPDATE a SET x = 1 WHERE id = (SELECT id FROM b LIMIT 1)", t("b"), t("a"));
        expect("INSERT INTO a (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET n = a.n + 1", t(), t("a"));
    }

    @Test
    void writableCtesWriteTheirTables() {
        expect("WITH d AS (DELETE FROM a WHERE id = $1 RETURNING *) INSERT INTO b SELECT * FROM d", t(), t("a", "b"));
        expect("WITH d AS (DELETE FROM a RETURNING *) SELECT * FROM d JOIN c ON true", t("c"), t("a"));
        expect("WITH s AS (SELECT * FROM a) UPDATE b SET x = 1 WHERE id IN (SELECT id FROM s)", t("a"), t("b"));
        expect("WITH u AS (UPDATE a SET n = 1 RETURNING id) UPDATE b SET n = 2 WHERE id IN (SELECT id FROM u)", t(), t("a", "b"));
    }

    @Test
    void truncateAndCopy() {
        expect("TRUNCATE a, public.b", t(), t("a", "b"));
        expect("COPY a FROM STDIN", t(), t("a"));
        expect("COPY a TO STDOUT", t("a"), t());
    }

    @Test
    void functionsCalledAreNamed() {
        assertThat(tableAccess("SELECT bill_customer($1)").functions()).contains("bill_customer");
        assertThat(tableAccess("CALL close_day(6)").functions()).contains("close_day");
        assertThat(tableAccess("SELECT count(*) FROM a").functions()).contains("count");
    }

    @Test
    void unparseableTextThrowsAndOtherDialectsAreRefused() {
        assertThatThrownBy(() -> tableAccess("SELEC nonsense")).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> parsed.get(Dialect.MYSQL, "SELECT 1").tableAccess()).isInstanceOf(UnsupportedOperationException.class);
    }
}
