package io.shardbridge.bridge.intent;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.bridge.row.RowImageReader;
import io.shardbridge.config.Dialect;
import io.shardbridge.schema.PostgresCatalogReader;
import io.shardbridge.schema.TableDefinition;
import io.shardbridge.testing.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * {@code IntentTableTest} on a server: the intent key PostgreSQL computes with {@link IntentTable#rowKeySql} (the
 * capture's path, inside the caller's statement on legacy) is the text Java gives the same row read back as a key
 * image (the dual write's path), for every plain key type and edge values; only PostgreSQL runs the SQL form.
 */
class PostgresIntentKeyIT {
    @Test
    void postgresAndJavaWriteTheSameKeyForEveryRow() throws Exception {
        try (Connection c = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS intent_key_row");
            st.execute("CREATE TABLE intent_key_row (day date, id bigint, small smallint, amount numeric(16,2), plain numeric, token uuid, "
                    + "owner_id integer, note text, PRIMARY KEY (day, id, small, amount, plain, token))");
            st.execute("INSERT INTO intent_key_row VALUES "
                    + "('2026-03-29', 42, 1, 1.50, 1.500, '6f1c2d1e-9a5b-4c3d-8e7f-001122334455', 7, 'x'), "
                    + "('1999-12-31', -9007199254740993, -32768, -0.01, -1e-20, '00000000-0000-0000-0000-000000000000', NULL, NULL), "
                    + "('0001-01-01', 9223372036854775807, 32767, 12345678901234.00, 123456789012345678901234567890, "
                    + "'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF', -2147483648, 'a&b=c')");
            TableDefinition table = PostgresCatalogReader.read(c, "public", "intent_key_row");
            String sql = IntentTable.rowKeySql(table, "owner_id", "sb_w");
            assertThat(sql).isNotNull();
            int rows = 0;
            try (ResultSet rs = st.executeQuery("SELECT sb_w.*, " + sql + " AS sql_key FROM intent_key_row sb_w")) {
                while (rs.next()) {
                    String java = IntentTable.rowKey(RowImageReader.keyImage(rs, table, IntentTable.keyColumns(table.primaryKey(), "owner_id"),
                            Dialect.POSTGRESQL));
                    assertThat(rs.getString("sql_key")).isEqualTo(java);
                    rows++;
                }
            }
            assertThat(rows).isEqualTo(3);
            st.execute("DROP TABLE intent_key_row");
        }
    }
}
