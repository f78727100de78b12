package io.shardbridge.bridge.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RouterSqlTest {
    @Test
    void anInsertsSingleWordCastsBecomeShorthand() {
        assertThat(RouterSql.forRouter("INSERT INTO d (a, m) VALUES (?, CAST(? AS jsonb))")).isEqualTo("INSERT INTO d (a, m) VALUES (?, (?)::jsonb)");
        assertThat(RouterSql.forRouter("insert into d values (cast('{\"a\": 1}' as json), CAST(? AS numeric(10, 2)))"))
                .isEqualTo("insert into d values (('{\"a\": 1}')::json, (?)::numeric(10,2))");
        assertThat(RouterSql.forRouter("INSERT INTO d VALUES (CAST('it''s' AS text))")).isEqualTo("INSERT INTO d VALUES (('it''s')::text)");
    }

    @Test
    void everythingElseIsLeftAlone() {
        String update = "UPDATE d SET m = CAST(? AS jsonb) WHERE id = ?";
        assertThat(RouterSql.forRouter(update)).isSameAs(update);
        String twoWords = "INSERT INTO d VALUES (CAST(? AS double precision))";
        assertThat(RouterSql.forRouter(twoWords)).isEqualTo(twoWords);
        String expression = "INSERT INTO d VALUES (CAST(a + 1 AS bigint))";
        assertThat(RouterSql.forRouter(expression)).isEqualTo(expression);
    }
}
