package io.shardbridge.sharding.tx;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatementKindsTest {
    @Test
    void onlyPlainReadsCountAsReads() {
        assertThat(StatementKinds.mayWrite("SELECT balance FROM account_0 WHERE account_id = ?")).isFalse();
        assertThat(StatementKinds.mayWrite("  /* hint */ select 1 FOR UPDATE")).isFalse();
        assertThat(StatementKinds.mayWrite("(SELECT 1) UNION (SELECT 2)")).isFalse();
        assertThat(StatementKinds.mayWrite("SHOW max_prepared_transactions")).isFalse();
        assertThat(StatementKinds.mayWrite("WITH t AS (SELECT 1) SELECT * FROM t")).isFalse();

        assertThat(StatementKinds.mayWrite("UPDATE account_0 SET balance = 1")).isTrue();
        assertThat(StatementKinds.mayWrite("-- note\ninsert into orders_1 values (1)")).isTrue();
        assertThat(StatementKinds.mayWrite("WITH moved AS (DELETE FROM t RETURNING *) SELECT * FROM moved")).isTrue();
        assertThat(StatementKinds.mayWrite("CALL transfer(1, 2)")).isTrue();
        assertThat(StatementKinds.mayWrite("CREATE TABLE x (id int)")).isTrue();
        assertThat(StatementKinds.mayWrite(null)).isTrue(); // unknown text: a write, so it is never missed
    }

    @Test
    void theWrittenTableIsNamed() {
        assertThat(StatementKinds.writtenTable("UPDATE account_1 SET balance = 0")).isEqualTo("account_1");
        assertThat(StatementKinds.writtenTable("INSERT INTO \"orders_0\" (id) VALUES (1)")).isEqualTo("orders_0");
        assertThat(StatementKinds.writtenTable("delete from `card_1` where card_id = 1")).isEqualTo("card_1");
        assertThat(StatementKinds.writtenTable("CALL p()")).isEqualTo("?");
    }
}
