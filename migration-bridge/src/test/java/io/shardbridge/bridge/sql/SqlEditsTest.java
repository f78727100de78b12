package io.shardbridge.bridge.sql;

import io.shardbridge.sql.PostgresSyntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardbridge.config.Dialect;
import org.junit.jupiter.api.Test;

/** Edits land where the parser saw things, whatever blanks, comments and literals surround them. */
class SqlEditsTest {
    private static final StatementClassifier CLASSIFIER = new StatementClassifier(Dialect.POSTGRESQL);

    private static String physical(String sql, String table) {
        StatementShape shape = CLASSIFIER.classify(sql);
        String reference = shape.syntax().alias() == null ? " AS " + shape.syntax().reference() : "";
        return SqlEdits.of(sql).replace(shape.writtenTableSpan(), table + reference)
                .insert(shape.syntax().end(), " RETURNING " + shape.syntax().reference() + ".*").apply();
    }

    @Test
    void leadingBlanksAndCommentsDoNotShiftTheTableName() {
        assertThat(physical("    UPDATE district SET d_ytd = d_ytd + ? WHERE d_w_id = ?", "district_0"))
                .isEqualTo("    UPDATE district_0 AS district SET d_ytd = d_ytd + ? WHERE d_w_id = ? RETURNING district.*");
        assertThat(physical("\n\t/* mapper */ DELETE FROM district WHERE d_id = 1 -- gone\n", "district_1"))
                .isEqualTo("\n\t/* mapper */ DELETE FROM district_1 AS district WHERE d_id = 1 RETURNING district.* -- gone\n");
        assertThat(physical("UPDATE district SET note = 'x' WHERE d_id = 1 ;  ", "district_0"))
                .isEqualTo("UPDATE district_0 AS district SET note = 'x' WHERE d_id = 1 RETURNING district.* ;  ");
    }

    @Test
    void qualifiedColumnsAndAliasesKeepMeaningOnThePhysicalTable() {
        assertThat(physical("UPDATE acct SET bal = acct.bal + ? WHERE acct.id = ?", "acct_1"))
                .isEqualTo("UPDATE acct_1 AS acct SET bal = acct.bal + ? WHERE acct.id = ? RETURNING acct.*");
        assertThat(physical("UPDATE acct a SET id = ?, bal = ? WHERE a.id = ?", "acct_0"))
                .isEqualTo("UPDATE acct_0 a SET id = ?, bal = ? WHERE a.id = ? RETURNING a.*");
    }

    @Test
    void literalsAndCommentsThatLookLikeSqlAreNotStatementParts() {
        StatementShape shape = CLASSIFIER.classify("UPDATE acct SET note = 'x RETURNING y WHERE id = 1' /* RETURNING */ WHERE id = 2");
        assertThat(shape.returning()).isEmpty();
        assertThat(SqlEdits.withReturning("UPDATE acct SET note = 'x RETURNING y' /* c */ WHERE id = 2 -- RETURNING", shape = CLASSIFIER.classify(
                "UPDATE acct SET note = 'x RETURNING y' /* c */ WHERE id = 2 -- RETURNING"), "acct.*"))
                .isEqualTo("UPDATE acct SET note = 'x RETURNING y' /* c */ WHERE id = 2 RETURNING acct.* -- RETURNING");
    }

    @Test
    void theSyntaxNamesWhatCanWriteUnseen() {
        PostgresSyntax cte = CLASSIFIER.classify("WITH d AS (DELETE FROM acct WHERE id = 1 RETURNING id) INSERT INTO log (note) SELECT 'x' FROM d")
                .syntax();
        assertThat(cte.cteNames()).containsExactly("d");
        assertThat(cte.cteWrites()).containsExactly("acct");
        assertThat(CLASSIFIER.classify("WITH d AS (DELETE FROM acct WHERE id = 1 RETURNING id) INSERT INTO log (note) SELECT 'x' FROM d")
                .tables()).contains("acct", "log").doesNotContain("d");
        assertThat(CLASSIFIER.classify("SELECT public.bump(5), lower('a')").syntax().functions()).contains("bump", "lower");
        assertThat(CLASSIFIER.classify("CALL proc(6)").syntax().procedure()).isEqualTo("proc");
        assertThat(CLASSIFIER.classify("PREPARE p (bigint) AS UPDATE acct SET bal = 0 WHERE id = $1").syntax().cteWrites()).containsExactly("acct");
        assertThat(CLASSIFIER.classify("COPY acct (id) FROM STDIN").syntax().copyTable()).isEqualTo("acct");
        assertThat(CLASSIFIER.classify("COPY acct TO STDOUT").syntax().copyTable()).isNull();
        StatementShape using = CLASSIFIER.classify("DELETE FROM acct USING other WHERE acct.id = other.id");
        assertThat(using.joinsOtherTables()).isTrue();
        assertThat(using.tables()).contains("acct", "other");
        assertThat(CLASSIFIER.classify("INSERT INTO acct (id, email) VALUES (1, 'a') ON CONFLICT (email) DO UPDATE SET note = 'x'").syntax())
                .satisfies(s -> {
                    assertThat(s.conflictTarget()).containsExactly("email");
                    assertThat(s.conflictDoUpdate()).isTrue();
                });
    }

    @Test
    void aSetClauseComesOutWithOneComma() {
        String sql = "update acct set bal=?, user_id=?, note=? where id=?";
        PostgresSyntax syntax = CLASSIFIER.classify(sql).syntax();
        assertThat(syntax.markers()).hasSize(4);
        PostgresSyntax.SetClause middle = syntax.setClauses().get(1);
        assertThat(middle.column()).isEqualTo("user_id");
        assertThat(SqlEdits.of(sql).replace(middle.removeStart(), middle.removeStop(), "").apply()).isEqualTo("update acct set bal=?, note=? where id=?");
        PostgresSyntax.SetClause last = syntax.setClauses().get(2);
        assertThat(SqlEdits.of(sql).replace(last.removeStart(), last.removeStop(), "").apply()).isEqualTo("update acct set bal=?, user_id=? where id=?");
    }

    @Test
    void overlappingEditsAreABugNotASilentMerge() {
        assertThatThrownBy(() -> SqlEdits.of("abcdef").replace(1, 3, "x").replace(2, 4, "y").apply()).isInstanceOf(IllegalStateException.class);
    }
}
