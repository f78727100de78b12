package io.shardbridge.bridge.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.bridge.sql.StatementClassifier;
import io.shardbridge.config.Dialect;
import org.junit.jupiter.api.Test;

class RouterSqlTest {
    private static final StatementClassifier CLASSIFIER = new StatementClassifier(Dialect.POSTGRESQL);

    private static String forRouter(String sql) {
        return RouterSql.forRouter(sql, CLASSIFIER.classify(sql));
    }

    @Test
    void anInsertsSingleWordCastsBecomeShorthand() {
        assertThat(forRouter("INSERT INTO d (a, m) VALUES (?, CAST(? AS jsonb))")).isEqualTo("INSERT INTO d (a, m) VALUES (?, (?)::jsonb)");
        assertThat(forRouter("insert into d values (cast('{\"a\": 1}' as json), CAST(? AS numeric(10, 2)))"))
                .isEqualTo("insert into d values (('{\"a\": 1}')::json, (?)::numeric(10,2))");
        assertThat(forRouter("INSERT INTO d VALUES (CAST('it''s' AS text))")).isEqualTo("INSERT INTO d VALUES (('it''s')::text)");
        assertThat(forRouter("\n  INSERT INTO d VALUES (CAST(? AS jsonb)) -- CAST(x AS y)")).isEqualTo("\n  INSERT INTO d VALUES ((?)::jsonb) -- CAST(x AS y)");
    }

    @Test
    void everythingElseIsLeftAlone() {
        String update = "UPDATE d SET m = CAST(? AS jsonb) WHERE id = ?";
        assertThat(forRouter(update)).isSameAs(update);
        String twoWords = "INSERT INTO d VALUES (CAST(? AS double precision))";
        assertThat(forRouter(twoWords)).isEqualTo(twoWords);
        String expression = "INSERT INTO d VALUES (CAST(a + 1 AS bigint))";
        assertThat(forRouter(expression)).isEqualTo(expression);
    }

    @Test
    void castTextInsideLiteralsAndCommentsIsNotACast() {
        String literal = "INSERT INTO d (id, note) VALUES (7, 'see CAST(1 AS int) here')";
        assertThat(forRouter(literal)).isSameAs(literal);
        String comment = "INSERT INTO d (id) /* CAST(1 AS int) */ VALUES (7)";
        assertThat(forRouter(comment)).isSameAs(comment);
    }
}
