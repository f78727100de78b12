package io.shardbridge.bridge.readiness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Each PostgreSQL-only construct is named once with its fix, never from inside a literal; portable SQL yields nothing. */
class MysqlPortabilityTest {
    private final MysqlPortability portability = new MysqlPortability();

    @Test
    void portableSqlHasNoFinding() {
        for (String sql : new String[] {
                "SELECT id, memo FROM acct WHERE user_id = ? AND memo LIKE ?",
                "UPDATE acct SET memo = CONCAT(memo, '!'), bal = bal + ? WHERE id = ? AND user_id = ?",
                "INSERT INTO acct (id, user_id, memo) VALUES (?, ?, ?)",
                "DELETE FROM acct WHERE id = ?",
                "SELECT count(*), max(bal) FROM acct WHERE user_id IN (?, ?) GROUP BY user_id ORDER BY 1 LIMIT 10",
                "SELECT * FROM acct WHERE memo = 'a || b :: c ILIKE' FOR UPDATE"}) {
            assertThat(portability.findings(sql)).as(sql).isEmpty();
        }
    }

    @Test
    void postgresOnlyConstructsAreNamedWithTheirFix() {
        assertThat(portability.findings("UPDATE acct SET memo = memo || '!' WHERE id = ?")).singleElement().asString().contains("CONCAT");
        assertThat(portability.findings("SELECT id::text FROM acct")).singleElement().asString().contains("CAST");
        assertThat(portability.findings("SELECT * FROM acct WHERE memo ILIKE ?")).singleElement().asString().contains("ILIKE");
        assertThat(portability.findings("SELECT DISTINCT ON (user_id) * FROM acct ORDER BY user_id, id")).anyMatch(f -> f.contains("DISTINCT ON"));
        assertThat(portability.findings("INSERT INTO acct (id) VALUES (?) RETURNING id")).anyMatch(f -> f.contains("RETURNING"));
        assertThat(portability.findings("INSERT INTO acct (id) VALUES (?) ON CONFLICT (id) DO NOTHING")).anyMatch(f -> f.contains("ON CONFLICT"));
        assertThat(portability.findings("SELECT * FROM acct a JOIN u ON u.id = a.user_id FOR UPDATE OF a")).anyMatch(f -> f.contains("FOR UPDATE OF"));
        assertThat(portability.findings("SELECT \"memo\" FROM acct")).anyMatch(f -> f.contains("double-quoted"));
        assertThat(portability.findings("SELECT * FROM acct LIMIT ALL")).anyMatch(f -> f.contains("LIMIT ALL"));
        assertThat(portability.findings("SELECT string_agg(memo, ',') FROM acct")).anyMatch(f -> f.contains("GROUP_CONCAT"));
        assertThat(portability.findings("SELECT * FROM acct WHERE memo LIKE 'a\\_%'")).anyMatch(f -> f.contains("backslash"));
    }

    @Test
    void shapesFoldValuesAndFormatting() {
        assertThat(ShapeText.of("  SELECT *\n FROM acct WHERE id = 42 AND memo = 'x'  -- note")).isEqualTo("select * from acct where id = ? and memo = ?");
        assertThat(ShapeText.of("select * from acct where id in (1, 2, 3)")).isEqualTo(ShapeText.of("SELECT * FROM acct WHERE id IN (?, ?)"));
        assertThat(ShapeText.of("insert into acct (id, memo) values (1, 'a'), (2, 'b'), (3, 'c')"))
                .isEqualTo(ShapeText.of("insert into acct (id, memo) values (?, ?)"));
    }
}
