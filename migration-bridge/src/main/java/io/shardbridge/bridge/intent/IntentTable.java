package io.shardbridge.bridge.intent;

import io.shardbridge.bridge.row.KeyCodec;
import io.shardbridge.bridge.row.RowImage;
import io.shardbridge.config.Dialect;
import io.shardbridge.schema.ColumnDefinition;
import io.shardbridge.schema.TableDefinition;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The intent table (DESIGN §5.2), {@value #NAME}: one row per key a transaction touched, written in that
 * transaction on the authoritative database — legacy, or the shard database that holds the row — so it commits
 * or vanishes with the rows it describes. Two writers fill it: the capture, inside the caller's own statement
 * ({@link #insertSelect}, with the key computed by {@link #rowKeySql} in PostgreSQL), and the dual write, from
 * Java ({@link #insertValues}, with the key from {@link #rowKey}); the repairer and the catch-up read it back.
 *
 * <p><b>The key contract.</b> {@code row_key} holds the row's key columns ({@link #keyColumns}: the primary key,
 * then the shard key when it is not part of it) as {@code name=value} pairs joined by {@code &}, names and values
 * URL-encoded, a NULL as the bare name ({@link KeyCodec}). Why the SQL form is the same text: it is used only when
 * every key column is named in lower-case letters, digits and underscores and has a type whose PostgreSQL text
 * form contains only characters URL-encoding leaves alone (integers, numeric, uuid, date: digits, letters, '-',
 * '.'), so {@code name=' || value::text} is exactly the encoded pair; any other key goes through Java.
 * {@code IntentTableTest} holds the two forms to that.
 */
public final class IntentTable {
    public static final String NAME = "shardbridge_intent";
    /** The columns a writer fills, in the order both writers' INSERTs name them. */
    public static final String UNIT = "unit_name";
    public static final String TABLE = "table_name";
    public static final String ROW_KEY = "row_key";
    public static final String TXN = "txn";
    private static final String WRITTEN = "(" + UNIT + ", " + TABLE + ", " + ROW_KEY + ", " + TXN + ")";
    /** Key column types whose PostgreSQL text form needs no escaping in the key encoding. */
    private static final Set<String> PLAIN_TEXT_TYPES = Set.of("smallint", "integer", "bigint", "numeric", "uuid", "date");

    private IntentTable() {
    }

    /** Creates the intent table if it does not exist (idempotent), on legacy or on one shard database. */
    public static void create(DataSource database, Dialect dialect) throws SQLException {
        String ddl = dialect == Dialect.POSTGRESQL
                ? "CREATE TABLE IF NOT EXISTS " + NAME + " (id bigserial PRIMARY KEY, unit_name varchar(200) NOT NULL, "
                  + "table_name varchar(200) NOT NULL, row_key text NOT NULL, txn bigint NOT NULL, created_at timestamptz NOT NULL DEFAULT now())"
                : "CREATE TABLE IF NOT EXISTS " + NAME + " (id BIGINT AUTO_INCREMENT PRIMARY KEY, unit_name VARCHAR(200) NOT NULL, "
                  + "table_name VARCHAR(200) NOT NULL, row_key TEXT NOT NULL, txn BIGINT NOT NULL, "
                  + "created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), "
                  + "KEY shardbridge_intent_unit (unit_name, id), KEY shardbridge_intent_txn (txn)) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";
        try (Connection c = database.getConnection(); Statement st = c.createStatement()) {
            st.execute(ddl);
            if (dialect == Dialect.POSTGRESQL) {
                st.execute("CREATE INDEX IF NOT EXISTS shardbridge_intent_unit ON " + NAME + " (unit_name, id)");
                st.execute("CREATE INDEX IF NOT EXISTS shardbridge_intent_txn ON " + NAME + " (txn)");
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }

    /** The columns whose values make a row's intent key: the primary key, then the shard key when it is not part of it. */
    public static List<String> keyColumns(List<String> primaryKey, String shardKey) {
        List<String> columns = new ArrayList<>(primaryKey);
        if (shardKey != null && !columns.contains(shardKey)) {
            columns.add(shardKey);
        }
        return columns;
    }

    /** The intent key of a key image ({@link #keyColumns} of a row), as Java writes it. */
    public static String rowKey(RowImage keyImage) {
        return KeyCodec.encode(keyImage);
    }

    /** An intent key's pairs as text (column → value, null for NULL), before typing by the columns. */
    public static Map<String, String> rowKeyText(String rowKey) {
        Map<String, String> key = new LinkedHashMap<>();
        for (String pair : rowKey.split("&")) {
            int eq = pair.indexOf('=');
            key.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? null : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return key;
    }

    /**
     * The intent key of the row {@code alias} as a PostgreSQL expression, the same text {@link #rowKey} gives (see
     * the class comment); null when a key column needs the general encoding (its intents are then written from Java).
     */
    public static String rowKeySql(TableDefinition table, String shardKey, String alias) {
        StringBuilder key = new StringBuilder();
        for (String name : keyColumns(table.primaryKey(), shardKey)) {
            ColumnDefinition column = table.column(name).orElse(null);
            if (column == null || !PLAIN_TEXT_TYPES.contains(column.baseType()) || !name.matches("[a-z_][a-z0-9_]*")) {
                return null;
            }
            String ref = alias + "." + Dialect.POSTGRESQL.quote(name);
            key.append(key.length() == 0 ? "" : " || '&' || ")
                    .append("CASE WHEN ").append(ref).append(" IS NULL THEN '").append(name).append("' ELSE '")
                    .append(name).append("=' || ").append(ref).append("::text END");
        }
        return key.toString();
    }

    /** The Java writer's INSERT of {@code rows} intents, four parameters each: unit, table, row key, transaction token. */
    public static String insertValues(int rows) {
        return "INSERT INTO " + NAME + " " + WRITTEN + " VALUES " + String.join(", ", Collections.nCopies(rows, "(?, ?, ?, ?)"));
    }

    /** The SQL writer's INSERT of one intent per row of {@code from}: each argument an SQL expression over its rows. */
    public static String insertSelect(String unit, String table, String rowKey, String txn, String from) {
        return "INSERT INTO " + NAME + " " + WRITTEN + " SELECT " + unit + ", " + table + ", " + rowKey + ", " + txn + " FROM " + from;
    }
}
