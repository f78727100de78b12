package io.shardbridge.bridge.intent;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.bridge.row.RowImage;
import io.shardbridge.schema.ColumnDefinition;
import io.shardbridge.schema.TableDefinition;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The intent key written two ways — in SQL inside the caller's statement ({@link IntentTable#rowKeySql}) and
 * from Java ({@link IntentTable#rowKey}) — must be the same text for the same row: the repairer and the catch-up
 * read both alike. The SQL is evaluated here as PostgreSQL would (concatenation, {@code CASE … IS NULL},
 * {@code ::text} of the plain key types); {@code PostgresIntentKeyIT} runs the same comparison on a server.
 */
class IntentTableTest {
    private static ColumnDefinition column(String name, String type) {
        return new ColumnDefinition(name, type, true, Optional.empty(), false);
    }

    private final TableDefinition table = new TableDefinition("card_event",
            List.of(column("day", "date"), column("id", "bigint"), column("amount", "numeric(16,2)"), column("token", "uuid"),
                    column("owner_id", "integer"), column("note", "text")),
            List.of("day", "id", "amount", "token"), List.of());

    @Test
    void theSqlAndTheJavaWriterGiveTheSameKeyForTheSameRow() {
        for (Map<String, Object> row : List.of(
                row(LocalDate.of(2026, 3, 29), 42L, new BigDecimal("1.50"), UUID.fromString("6f1c2d1e-9a5b-4c3d-8e7f-001122334455"), 7, "x"),
                row(LocalDate.of(1999, 12, 31), -9_007_199_254_740_993L, new BigDecimal("-0.01"), new UUID(0, 0), null, null),
                row(LocalDate.of(2026, 1, 1), 0L, new BigDecimal("123456789012.00"), UUID.fromString("ffffffff-ffff-ffff-ffff-ffffffffffff"),
                        Integer.MIN_VALUE, "a&b=c"))) {
            assertThat(sqlKey(table, "owner_id", row)).isEqualTo(javaKey(table, "owner_id", row));
        }
    }

    @Test
    void bothWritersNameThePrimaryKeyThenTheShardKeyOnce() {
        Map<String, Object> row = row(LocalDate.of(2026, 3, 29), 42L, new BigDecimal("1.50"), new UUID(0, 1), 7, null);
        assertThat(javaKey(table, "owner_id", row)).isEqualTo("day=2026-03-29&id=42&amount=1.50&token=00000000-0000-0000-0000-000000000001&owner_id=7");
        assertThat(sqlKey(table, "id", row)).isEqualTo(javaKey(table, "id", row)).doesNotContain("owner_id");
        assertThat(sqlKey(table, null, row)).isEqualTo(javaKey(table, null, row));
    }

    @Test
    void aKeyTheSqlFormCannotWriteExactlyGoesThroughJava() {
        TableDefinition text = new TableDefinition("t", List.of(column("code", "character varying(20)")), List.of("code"), List.of());
        TableDefinition quoted = new TableDefinition("t", List.of(column("Id", "bigint")), List.of("Id"), List.of());
        TableDefinition stamped = new TableDefinition("t", List.of(column("id", "bigint"), column("at", "timestamp with time zone")),
                List.of("id"), List.of());
        assertThat(IntentTable.rowKeySql(text, null, "sb_w")).isNull();
        assertThat(IntentTable.rowKeySql(quoted, null, "sb_w")).isNull();
        assertThat(IntentTable.rowKeySql(stamped, "at", "sb_w")).isNull(); // a shard key of another type, too
    }

    @Test
    void theWritersInsertTheSameColumnsIntoTheSameTable() {
        assertThat(IntentTable.insertValues(2)).isEqualTo("INSERT INTO shardbridge_intent (unit_name, table_name, row_key, txn) VALUES (?, ?, ?, ?), (?, ?, ?, ?)");
        assertThat(IntentTable.insertSelect("'u'", "'t'", "k", "7", "sb_w"))
                .isEqualTo("INSERT INTO shardbridge_intent (unit_name, table_name, row_key, txn) SELECT 'u', 't', k, 7 FROM sb_w");
    }

    @Test
    void theCatchUpReadsAKeyBackAsItsTextPairs() {
        Map<String, Object> row = row(LocalDate.of(2026, 3, 29), 42L, new BigDecimal("1.50"), new UUID(0, 1), null, null);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("day", "2026-03-29");
        expected.put("id", "42");
        expected.put("amount", "1.50");
        expected.put("token", "00000000-0000-0000-0000-000000000001");
        expected.put("owner_id", null);
        assertThat(IntentTable.rowKeyText(sqlKey(table, "owner_id", row))).containsExactlyEntriesOf(expected);
    }

    private static Map<String, Object> row(LocalDate day, long id, BigDecimal amount, UUID token, Integer owner, String note) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("day", day);
        row.put("id", id);
        row.put("amount", amount);
        row.put("token", token);
        row.put("owner_id", owner);
        row.put("note", note);
        return row;
    }

    /** The dual write's path: the key image of the row (as {@code DualWriteUnit.keyOf} projects it), encoded in Java. */
    private static String javaKey(TableDefinition table, String shardKey, Map<String, Object> row) {
        return IntentTable.rowKey(new RowImage(table.name(), row).project(IntentTable.keyColumns(table.primaryKey(), shardKey)));
    }

    /** The capture's path: the SQL expression, evaluated over the row. */
    private static String sqlKey(TableDefinition table, String shardKey, Map<String, Object> row) {
        String sql = IntentTable.rowKeySql(table, shardKey, "sb_w");
        assertThat(sql).as("the plain key types are written in SQL").isNotNull();
        return new PgTextExpression(sql, row).value();
    }

    /**
     * The fragment of PostgreSQL the key expression is made of, evaluated: string literals, {@code ||}, {@code CASE
     * WHEN sb_w."c" IS NULL THEN … ELSE … END} and {@code sb_w."c"::text} (PostgreSQL's text output of the plain key
     * types: integers and numeric as written with their scale, uuid in lower case, date as ISO). Anything else fails.
     */
    private static final class PgTextExpression {
        private static final Pattern TOKEN = Pattern.compile("\\s*('(?:[^']|'')*'|\\|\\||CASE|WHEN|IS|NULL|THEN|ELSE|END|sb_w\\.\"[a-z0-9_]+\"::text|sb_w\\.\"[a-z0-9_]+\")");
        private final List<String> tokens = new java.util.ArrayList<>();
        private final Map<String, Object> row;
        private int at;

        PgTextExpression(String sql, Map<String, Object> row) {
            this.row = row;
            Matcher m = TOKEN.matcher(sql);
            int end = 0;
            while (m.lookingAt()) {
                tokens.add(m.group(1));
                end = m.end();
                m.region(end, sql.length());
            }
            assertThat(sql.substring(end).trim()).as("SQL the evaluator does not know").isEmpty();
        }

        String value() {
            String value = concatenation();
            assertThat(at).as("tokens left over").isEqualTo(tokens.size());
            return value;
        }

        private String concatenation() {
            StringBuilder out = new StringBuilder(term());
            while (at < tokens.size() && tokens.get(at).equals("||")) {
                at++;
                out.append(term());
            }
            return out.toString();
        }

        private String term() {
            String token = tokens.get(at++);
            if (token.startsWith("'")) {
                return token.substring(1, token.length() - 1).replace("''", "'");
            }
            if (token.endsWith("::text")) {
                Object value = row.get(column(token.substring(0, token.length() - "::text".length())));
                assertThat(value).as("::text of NULL is NULL, which would drop the whole key").isNotNull();
                return value instanceof BigDecimal d ? d.toPlainString() : value.toString();
            }
            assertThat(token).isEqualTo("CASE");
            expect("WHEN");
            Object tested = row.get(column(tokens.get(at++)));
            expect("IS");
            expect("NULL");
            expect("THEN");
            String whenNull = concatenation();
            expect("ELSE");
            if (tested == null) {
                skipTo("END");
                return whenNull;
            }
            String otherwise = concatenation();
            expect("END");
            return otherwise;
        }

        private void skipTo(String end) {
            int depth = 0;
            while (!(depth == 0 && tokens.get(at).equals(end))) {
                depth += tokens.get(at).equals("CASE") ? 1 : tokens.get(at).equals("END") ? -1 : 0;
                at++;
            }
            at++;
        }

        private void expect(String token) {
            assertThat(tokens.get(at++)).isEqualTo(token);
        }

        private String column(String ref) {
            assertThat(ref).startsWith("sb_w.\"");
            String name = ref.substring("sb_w.\"".length(), ref.length() - 1);
            assertThat(row).containsKey(name);
            return name;
        }
    }
}
