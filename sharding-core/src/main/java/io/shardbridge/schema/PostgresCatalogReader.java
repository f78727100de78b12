package io.shardbridge.schema;

import io.shardbridge.ShardbridgeException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads a table's definition (columns, primary key, plain-column indexes, the user-defined types its columns
 * need) from the PostgreSQL catalog.
 */
public final class PostgresCatalogReader {
    private static final String COLUMNS = """
            SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                   pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.atttypid
              FROM pg_attribute a
              JOIN pg_class c ON c.oid = a.attrelid
              JOIN pg_namespace n ON n.oid = c.relnamespace
              LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
             WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attnum""";
    private static final String INDEXES = """
            SELECT ic.relname, i.indisprimary, i.indisunique, i.indexprs IS NOT NULL OR i.indpred IS NOT NULL,
                   ARRAY(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY k(attnum, ord)
                          JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.ord)
              FROM pg_index i
              JOIN pg_class c ON c.oid = i.indrelid
              JOIN pg_class ic ON ic.oid = i.indexrelid
              JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = ? AND c.relname = ?
             ORDER BY ic.relname""";

    private PostgresCatalogReader() {
    }

    /** Reads {@code table} from {@code schema}; fails naming the table when it does not exist or has no primary key. */
    public static TableDefinition read(Connection legacy, String schema, String table) throws SQLException {
        List<ColumnDefinition> columns = new ArrayList<>();
        UserTypeReader types = new UserTypeReader(legacy);
        List<Long> typeOids = new ArrayList<>();
        try (PreparedStatement ps = legacy.prepareStatement(COLUMNS)) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String def = rs.getString(4);
                    boolean identity = !rs.getString(5).isEmpty();
                    boolean sequence = identity || (def != null && def.startsWith("nextval("));
                    columns.add(new ColumnDefinition(rs.getString(1), rs.getString(2), rs.getBoolean(3),
                            sequence ? Optional.empty() : Optional.ofNullable(def), sequence));
                    typeOids.add(rs.getLong(6));
                }
            }
        }
        if (columns.isEmpty()) {
            throw new ShardbridgeException("table " + schema + "." + table + " does not exist on the legacy database; "
                    + "check the table name under target.tables / migrations, or create it first");
        }
        for (long oid : typeOids) {
            types.collect(oid);
        }
        List<String> primaryKey = List.of();
        List<IndexDefinition> indexes = new ArrayList<>();
        try (PreparedStatement ps = legacy.prepareStatement(INDEXES)) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> cols = Arrays.asList((String[]) rs.getArray(5).getArray());
                    if (rs.getBoolean(2)) {
                        primaryKey = cols;
                    } else if (rs.getBoolean(4)) {
                        throw new ShardbridgeException("table " + table + ": index " + rs.getString(1) + " is an expression or partial index, "
                                + "which shardbridge cannot provision on the shards; create it on the shards by hand after 'schema', or drop it");
                    } else {
                        indexes.add(new IndexDefinition(rs.getString(1), cols, rs.getBoolean(3)));
                    }
                }
            }
        }
        if (primaryKey.isEmpty()) {
            throw new ShardbridgeException("table " + table + " has no primary key; shardbridge mirrors, backfills and verifies rows by "
                    + "primary key, so add one on legacy (ALTER TABLE " + table + " ADD PRIMARY KEY (...)) before migrating it");
        }
        List<UserType> userTypes = types.types();
        return new TableDefinition(table, columns.stream().map(c -> withDomainResolved(c, userTypes)).toList(), primaryKey, indexes, userTypes);
    }

    /** A column of a domain gets the domain's base type as its values' type (through domains over domains). */
    private static ColumnDefinition withDomainResolved(ColumnDefinition column, List<UserType> types) {
        String type = column.pgType();
        for (int depth = 0; depth < 16; depth++) {
            String name = type;
            Optional<UserType> domain = types.stream().filter(t -> t.kind() == UserType.Kind.DOMAIN && t.name().equals(name)).findFirst();
            if (domain.isEmpty()) {
                break;
            }
            type = domain.get().baseType();
        }
        return type.equals(column.pgType()) ? column
                : new ColumnDefinition(column.name(), column.pgType(), column.notNull(), column.defaultExpr(), column.sequenceFilled(), type);
    }
}
