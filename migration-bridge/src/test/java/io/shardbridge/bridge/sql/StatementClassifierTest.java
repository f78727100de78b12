package io.shardbridge.bridge.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.config.Dialect;
import org.junit.jupiter.api.Test;

class StatementClassifierTest {
    private final StatementClassifier classifier = new StatementClassifier(Dialect.POSTGRESQL);

    @Test
    void dmlKindsTablesAndColumns() {
        StatementShape insert = classifier.classify("INSERT INTO bank_card (card_id, user_id, balance) VALUES (?, ?, ?), (?, ?, ?)");
        assertThat(insert.kind()).isEqualTo(StatementKind.INSERT);
        assertThat(insert.tables()).containsExactly("bank_card");
        assertThat(insert.insertColumns()).containsExactly("card_id", "user_id", "balance");

        StatementShape upsert = classifier.classify(
                "INSERT INTO bank_card (card_id, balance) VALUES (?, ?) ON CONFLICT (card_id) DO UPDATE SET balance = EXCLUDED.balance RETURNING card_id");
        assertThat(upsert.kind()).isEqualTo(StatementKind.INSERT);
        assertThat(upsert.assignedColumns()).containsExactly("balance");
        assertThat(upsert.hasReturning()).isTrue();

        StatementShape update = classifier.classify("UPDATE public.bank_card SET balance = balance + ?, user_id = ? WHERE card_id = ?");
        assertThat(update.kind()).isEqualTo(StatementKind.UPDATE);
        assertThat(update.tables()).containsExactly("bank_card");
        assertThat(update.assignedColumns()).containsExactlyInAnyOrder("balance", "user_id");

        StatementShape delete = classifier.classify("DELETE FROM bank_card WHERE card_id IN (SELECT card_id FROM card_block WHERE reason = ?)");
        assertThat(delete.kind()).isEqualTo(StatementKind.DELETE);
        assertThat(delete.tables()).contains("bank_card", "card_block");

        StatementShape select = classifier.classify("SELECT c.card_no FROM bank_card c JOIN bank_card_event e ON e.card_id = c.card_id WHERE c.user_id = ?");
        assertThat(select.kind()).isEqualTo(StatementKind.SELECT);
        assertThat(select.tables()).containsExactlyInAnyOrder("bank_card", "bank_card_event");
    }

    @Test
    void ddlOtherAndUnparseable() {
        assertThat(classifier.classify("ALTER TABLE bank_card ADD COLUMN note text").kind()).isEqualTo(StatementKind.DDL);
        assertThat(classifier.classify("ALTER TABLE bank_card ADD COLUMN note text").tables()).containsExactly("bank_card");
        assertThat(classifier.classify("TRUNCATE bank_card").kind()).isEqualTo(StatementKind.DDL);
        assertThat(classifier.classify("SET search_path TO public").kind()).isEqualTo(StatementKind.OTHER);
        StatementShape garbage = classifier.classify("UPDAT bank_card SET x = 1");
        assertThat(garbage.kind()).isEqualTo(StatementKind.UNPARSEABLE);
        assertThat(garbage.parseError()).isNotBlank();
    }

    @Test
    void whereClauseValuesAndReturningForKeyCapture() {
        StatementShape update = classifier.classify("UPDATE bank_card SET balance = balance + ?, user_id = ?, status = 'x' WHERE card_id = ? AND note <> '?' RETURNING card_id, *");
        assertThat(update.writtenTable()).isEqualTo("bank_card");
        assertThat(update.where()).isPresent();
        assertThat(update.where().get().text()).isEqualTo("WHERE card_id = ? AND note <> '?'");
        assertThat(update.where().get().parameterIndexes()).containsExactly(2);
        assertThat(update.assignments().get("balance")).isInstanceOf(StatementShape.ValueSource.Expression.class);
        assertThat(update.assignments().get("user_id")).isEqualTo(new StatementShape.ValueSource.Parameter(1));
        assertThat(update.assignments().get("status")).isEqualTo(new StatementShape.ValueSource.Literal("x"));
        assertThat(update.returning()).containsExactly("card_id", "*");
        assertThat(update.joinsOtherTables()).isFalse();

        StatementShape insert = classifier.classify("INSERT INTO bank_card (card_id, user_id, created_at) VALUES (?, 7, now()), (?, ?, now())");
        assertThat(insert.insertRows()).hasSize(2);
        assertThat(insert.insertRows().get(0).get(0)).isEqualTo(new StatementShape.ValueSource.Parameter(0));
        assertThat(insert.insertRows().get(0).get(1)).isInstanceOf(StatementShape.ValueSource.Literal.class);
        assertThat(insert.insertRows().get(1).get(1)).isEqualTo(new StatementShape.ValueSource.Parameter(2));
        assertThat(insert.returning()).isEmpty();

        assertThat(classifier.classify("UPDATE bank_card c SET balance = 0 FROM card_block b WHERE b.card_id = c.card_id").joinsOtherTables()).isTrue();
        assertThat(classifier.classify("INSERT INTO bank_card (card_id) SELECT card_id FROM card_block").joinsOtherTables()).isTrue();
        assertThat(classifier.classify("DELETE FROM bank_card").where()).isEmpty();

        // RETURNING found by scanning the text (outside literals, comments and parentheses)
        assertThat(classifier.classify("DELETE FROM bank_card WHERE note = 'returning x' RETURNING card_id AS id, \"User_Id\", balance * 2;").returning())
                .containsExactly("card_id", "User_Id", "?balance * 2");
        assertThat(classifier.classify("UPDATE bank_card SET note = (SELECT 'a' RETURNING) WHERE card_id = ? -- returning\n").returning()).isEmpty();
        StatementShape pinned = classifier.classify("UPDATE bank_card SET balance = ? WHERE user_id = ? AND card_id = 5 AND status <> 'x'");
        assertThat(pinned.equalities()).containsEntry("user_id", new StatementShape.ValueSource.Parameter(1))
                .containsEntry("card_id", new StatementShape.ValueSource.Literal(5)).doesNotContainKey("status");
        assertThat(pinned.parameterCount()).isEqualTo(2);
        assertThat(pinned.writtenTableSpan().replaceIn("UPDATE bank_card SET balance = ? WHERE user_id = ? AND card_id = 5 AND status <> 'x'", "bank_card_1"))
                .startsWith("UPDATE bank_card_1 SET");
    }

    @Test
    void aTextIsParsedOnceInTheSharedCache() {
        io.shardbridge.sql.ParsedStatements parsed = new io.shardbridge.sql.ParsedStatements(100);
        StatementClassifier own = new StatementClassifier(Dialect.POSTGRESQL, parsed);
        String sql = "SELECT 1 FROM bank_card WHERE card_id = ?";
        assertThat(own.classify(sql)).isEqualTo(own.classify(sql));
        assertThat(parsed.size()).isEqualTo(1);
        assertThat(parsed.get(Dialect.POSTGRESQL, sql)).isSameAs(parsed.get(Dialect.POSTGRESQL, sql));
    }
}
