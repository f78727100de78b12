package io.shardbridge.inventory;

import io.shardbridge.inventory.InventoryReport.Catalog;
import io.shardbridge.inventory.InventoryReport.ForeignKey;
import io.shardbridge.inventory.InventoryReport.Function;
import io.shardbridge.inventory.InventoryReport.Rule;
import io.shardbridge.inventory.InventoryReport.SequenceUse;
import io.shardbridge.inventory.InventoryReport.Trigger;
import io.shardbridge.inventory.InventoryReport.View;
import io.shardbridge.sql.ParsedStatements;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads, from legacy's catalog (current schema; a partition counts as its partitioned table), what links tables beyond the statements applications
 * send: foreign keys, triggers and what their functions write, views and the tables under them, rules,
 * functions and the tables their bodies read and write, and sequences with the columns they fill. Only
 * catalog tables are read; any role may read them.
 */
final class CatalogReader {
    private static final String TABLES = "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1";
    private static final String PARTITIONS = "SELECT c.relname, r.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "JOIN pg_class r ON r.oid = pg_partition_root(c.oid) WHERE c.relispartition AND n.nspname = current_schema() ORDER BY 1";
    private static final String FOREIGN_KEYS = "SELECT k.conname, t.relname, r.relname FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid "
            + "JOIN pg_class r ON r.oid = k.confrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
            + "WHERE k.contype = 'f' AND n.nspname = current_schema() ORDER BY 2, 1";
    private static final String TRIGGERS = "SELECT g.tgname, c.relname, p.proname FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid "
            + "JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_proc p ON p.oid = g.tgfoid "
            + "WHERE NOT g.tgisinternal AND n.nspname = current_schema() ORDER BY 2, 1";
    private static final String FUNCTIONS = "SELECT p.proname, l.lanname, p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            + "JOIN pg_language l ON l.oid = p.prolang WHERE n.nspname = current_schema() AND l.lanname IN ('sql', 'plpgsql') ORDER BY 1";
    /** Relations a view's or a rule's rewrite rule depends on. */
    private static final String REWRITE_DEPENDENCIES = "SELECT DISTINCT r.rulename, o.relname, o.relkind, t.relname FROM pg_depend d "
            + "JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class o ON o.oid = r.ev_class JOIN pg_namespace n ON n.oid = o.relnamespace "
            + "JOIN pg_class t ON t.oid = d.refobjid WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass "
            + "AND t.oid <> o.oid AND t.relkind IN ('r', 'p', 'v', 'm') AND n.nspname = current_schema() ORDER BY 2, 1, 4";
    private static final String SEQUENCES = "SELECT s.relname, t.relname || '.' || a.attname, d.deptype FROM pg_depend d "
            + "JOIN pg_class s ON s.oid = d.refobjid AND s.relkind = 'S' JOIN pg_namespace n ON n.oid = s.relnamespace "
            + "JOIN pg_attrdef ad ON ad.oid = d.objid AND d.classid = 'pg_attrdef'::regclass "
            + "JOIN pg_class t ON t.oid = ad.adrelid JOIN pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum "
            + "WHERE n.nspname = current_schema() "
            + "UNION SELECT s.relname, t.relname || '.' || a.attname, 'o' FROM pg_depend d JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S' "
            + "JOIN pg_namespace n ON n.oid = s.relnamespace JOIN pg_class t ON t.oid = d.refobjid AND d.refclassid = 'pg_class'::regclass "
            + "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid WHERE d.deptype IN ('a', 'i') AND n.nspname = current_schema() "
            + "ORDER BY 1, 3, 2";

    private CatalogReader() {
    }

    static Catalog read(Connection legacy, ParsedStatements parser) throws SQLException {
        List<String> tables = new ArrayList<>();
        query(legacy, TABLES, rs -> tables.add(rs.getString(1)));
        Map<String, String> partitions = new LinkedHashMap<>();
        query(legacy, PARTITIONS, rs -> partitions.put(rs.getString(1), rs.getString(2)));
        List<ForeignKey> foreignKeys = new ArrayList<>();
        query(legacy, FOREIGN_KEYS, rs -> foreignKeys.add(new ForeignKey(rs.getString(1), rs.getString(2), rs.getString(3))));
        Map<String, String> languages = new LinkedHashMap<>();
        Map<String, FunctionBodies.Access> bodies = new LinkedHashMap<>();
        query(legacy, FUNCTIONS, rs -> {
            languages.putIfAbsent(rs.getString(1), rs.getString(2));
            bodies.merge(rs.getString(1), FunctionBodies.analyse(parser, rs.getString(3)), FunctionBodies.Access::union);
        });
        Map<String, Function> byName = closeOverCalls(bodies, languages);
        List<Function> functions = List.copyOf(byName.values());
        List<Trigger> triggers = new ArrayList<>();
        query(legacy, TRIGGERS, rs -> {
            Function f = byName.get(rs.getString(3));
            triggers.add(new Trigger(rs.getString(1), rs.getString(2), rs.getString(3), f == null ? List.of() : f.writes(),
                    f == null ? List.of() : f.reads()));
        });
        Map<String, TreeSet<String>> viewReads = new LinkedHashMap<>();
        Map<String, Rule> rules = new LinkedHashMap<>();
        query(legacy, REWRITE_DEPENDENCIES, rs -> {
            String rule = rs.getString(1);
            String owner = rs.getString(2);
            String kind = rs.getString(3);
            String referenced = rs.getString(4);
            if (rule.equals("_RETURN") && (kind.equals("v") || kind.equals("m"))) {
                viewReads.computeIfAbsent(owner, v -> new TreeSet<>()).add(referenced);
            } else {
                Rule r = rules.computeIfAbsent(owner + "." + rule, x -> new Rule(rule, owner, new ArrayList<>()));
                r.references().add(referenced);
            }
        });
        List<View> views = new ArrayList<>();
        viewReads.forEach((v, reads) -> views.add(new View(v, List.copyOf(reads))));
        Map<String, SequenceUse> sequences = new LinkedHashMap<>();
        query(legacy, SEQUENCES, rs -> {
            SequenceUse s = sequences.computeIfAbsent(rs.getString(1), name -> new SequenceUse(name, null, new ArrayList<>()));
            if (rs.getString(3).equals("o")) {
                sequences.put(s.sequence(), new SequenceUse(s.sequence(), rs.getString(2), s.filling()));
            } else if (!s.filling().contains(rs.getString(2))) {
                s.filling().add(rs.getString(2));
            }
        });
        return new Catalog(tables, partitions, foreignKeys, triggers, views, List.copyOf(rules.values()), functions, List.copyOf(sequences.values()));
    }

    /**
     * Each function with what the functions it calls touch, transitively (a trigger function that calls a
     * helper writes what the helper writes). A fixpoint: each round can only add names, so it ends.
     */
    static Map<String, Function> closeOverCalls(Map<String, FunctionBodies.Access> bodies, Map<String, String> languages) {
        Map<String, TreeSet<String>> writes = new LinkedHashMap<>();
        Map<String, TreeSet<String>> reads = new LinkedHashMap<>();
        bodies.forEach((name, a) -> {
            writes.put(name, new TreeSet<>(a.writes()));
            reads.put(name, new TreeSet<>(a.reads()));
        });
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Map.Entry<String, FunctionBodies.Access> e : bodies.entrySet()) {
                for (String called : e.getValue().calls()) {
                    if (bodies.containsKey(called) && !called.equals(e.getKey())) {
                        grew |= writes.get(e.getKey()).addAll(writes.get(called));
                        grew |= reads.get(e.getKey()).addAll(reads.get(called));
                    }
                }
            }
        }
        Map<String, Function> out = new LinkedHashMap<>();
        bodies.forEach((name, a) -> {
            reads.get(name).removeAll(writes.get(name));
            out.put(name, new Function(name, languages.get(name), List.copyOf(writes.get(name)), List.copyOf(reads.get(name)), a.notes()));
        });
        return out;
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private static void query(Connection c, String sql, RowReader reader) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                reader.read(rs);
            }
        }
    }
}
