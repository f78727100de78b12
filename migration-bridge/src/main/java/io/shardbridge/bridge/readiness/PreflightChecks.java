package io.shardbridge.bridge.readiness;

import io.shardbridge.config.TableRule;
import io.shardbridge.config.TargetConfig;
import io.shardbridge.schema.PostgresCatalogReader;
import io.shardbridge.schema.SchemaProvisioner;
import io.shardbridge.schema.TableDefinition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The checks a unit must pass before the target becomes authoritative, read from legacy's catalog (DESIGN
 * §11). Each finding names the table and what to do; the kinds are what {@code --accept KIND} overrides.
 * Legacy's catalog is the source because it is the schema the service was written against: what it
 * enforces there (a trigger, a unique constraint, a foreign key) is what the service relies on.
 */
final class PreflightChecks {
    private PreflightChecks() {
    }

    static List<Readiness.Finding> run(DataSource legacy, List<String> tables, TargetConfig target) throws SQLException {
        List<Readiness.Finding> out = new ArrayList<>();
        try (Connection c = legacy.getConnection()) {
            for (String table : tables) {
                TableDefinition definition;
                try {
                    definition = PostgresCatalogReader.read(c, "public", table);
                } catch (RuntimeException | SQLException e) {
                    out.add(Readiness.Finding.blocker("missing-table", table, "cannot read it on legacy: " + e.getMessage(),
                            "create the table or remove it from the unit"));
                    continue;
                }
                if (definition.primaryKey().isEmpty()) {
                    out.add(Readiness.Finding.blocker("no-primary-key", table, "has no primary key: rows cannot be mirrored, verified or repaired by key",
                            "add a primary key on legacy"));
                }
                try {
                    new SchemaProvisioner(target, java.util.Map.of()).plan(List.of(definition));
                } catch (RuntimeException e) {
                    out.add(Readiness.Finding.blocker("column-type", table, e.getMessage(), "see docs/schema.md for the mapping and its choices"));
                }
                Optional<TableRule> rule = target.table(table);
                if (rule.isPresent()) {
                    String key = rule.get().shardKey().toLowerCase(Locale.ROOT);
                    for (var index : definition.indexes()) {
                        if (index.unique() && !index.columns().contains(key)) {
                            out.add(Readiness.Finding.blocker("unique-without-shard-key", table, "unique index " + index.name() + " " + index.columns()
                                    + " does not contain the shard key " + key + ": on the shards it holds per physical table only, so a duplicate on "
                                    + "another shard is accepted from LIVE on", "add " + key + " to the constraint, or enforce it in the service"));
                        }
                    }
                    if (!definition.primaryKey().isEmpty() && !definition.primaryKey().contains(key)) {
                        out.add(Readiness.Finding.warning("primary-key-without-shard-key", table, "the primary key " + definition.primaryKey()
                                + " does not contain the shard key " + key + ": its uniqueness holds per physical table on the shards",
                                "keys from one sequence space (or the key allocator) keep it unique"));
                    }
                }
                catalog(c, """
                        SELECT t.tgname FROM pg_trigger t WHERE t.tgrelid = to_regclass(?) AND NOT t.tgisinternal ORDER BY 1
                        """, table, name -> out.add(Readiness.Finding.blocker("trigger", table, "trigger " + name
                        + " runs on legacy only; it will not run on the target from LIVE on",
                        "move its logic into the service, or recreate it on every shard and accept: --accept trigger")));
                catalog(c, """
                        SELECT r.rulename FROM pg_rewrite r WHERE r.ev_class = to_regclass(?) AND r.rulename <> '_RETURN' ORDER BY 1
                        """, table, name -> out.add(Readiness.Finding.blocker("rule", table, "rule " + name + " rewrites statements on legacy only",
                        "drop the rule or move its logic into the service")));
                catalog(c, """
                        SELECT con.conname || ' -> ' || con.confrelid::regclass::text FROM pg_constraint con
                        WHERE con.contype = 'f' AND con.conrelid = to_regclass(?) ORDER BY 1
                        """, table, fk -> {
                    String referenced = fk.substring(fk.indexOf("-> ") + 3);
                    if (!tables.contains(referenced)) {
                        out.add(Readiness.Finding.blocker("foreign-key-across-unit", table, "foreign key " + fk + " points outside the unit",
                                "put " + referenced + " in the unit (a broadcast table if it is small), or drop the constraint"));
                    }
                });
                catalog(c, """
                        SELECT a.attname || ' (' || coalesce(pg_get_serial_sequence(?, a.attname), 'identity') || ')'
                        FROM pg_attribute a WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped
                          AND (a.attidentity <> '' OR pg_get_serial_sequence(?, a.attname) IS NOT NULL) ORDER BY 1
                        """, table, column -> out.add(Readiness.Finding.info("sequence", table, "column " + column
                        + " is filled from a sequence; from LIVE on inserts that leave it out need keys from the same sequence space", "")));
            }
        }
        return out;
    }

    private interface Row {
        void accept(String value);
    }

    private static void catalog(Connection c, String sql, String table, Row row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 1; i <= ps.getParameterMetaData().getParameterCount(); i++) {
                ps.setString(i, table);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    row.accept(rs.getString(1));
                }
            }
        }
    }
}
