package io.shardbridge.inventory;

import io.shardbridge.inventory.InventoryReport.Catalog;
import io.shardbridge.inventory.InventoryReport.Function;
import io.shardbridge.inventory.InventoryReport.View;
import io.shardbridge.config.Dialect;
import io.shardbridge.sql.ParsedStatements;
import io.shardbridge.sql.TableAccess;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The legacy tables one statement text reads and writes: the parser's answer, with views replaced by the
 * tables under them (a write to an updatable view writes its table) and called functions by the tables
 * their bodies touch; names that are not tables of legacy's schema (system catalogs, temporary tables)
 * are left out. Parsed once per distinct text.
 */
final class StatementTables {
    /** @param error why the text could not be parsed, or null */
    record Tables(Set<String> read, Set<String> written, List<String> via, String error) {
        boolean touchesNothing() {
            return read.isEmpty() && written.isEmpty();
        }
    }

    private final ParsedStatements parser;
    private final Set<String> tables;
    private final Map<String, List<String>> views = new HashMap<>();
    private final Map<String, String> partitions;
    private final Map<String, Function> functions = new HashMap<>();
    private final Map<String, Tables> cache = new HashMap<>();

    StatementTables(ParsedStatements parser, Catalog catalog) {
        this.parser = parser;
        this.tables = Set.copyOf(catalog.tables());
        this.partitions = catalog.partitions();
        for (View v : catalog.views()) {
            views.put(v.name(), v.reads());
        }
        for (Function f : catalog.functions()) {
            functions.putIfAbsent(f.name(), f);
        }
    }

    Tables of(String sql) {
        return cache.computeIfAbsent(sql, this::resolve);
    }

    private Tables resolve(String sql) {
        TableAccess access;
        try {
            access = parser.get(Dialect.POSTGRESQL, sql).tableAccess();
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            return new Tables(Set.of(), Set.of(), List.of(), message);
        }
        TreeSet<String> read = new TreeSet<>();
        TreeSet<String> written = new TreeSet<>();
        List<String> via = new ArrayList<>();
        for (String name : access.read()) {
            expand(name, read, via, 0);
        }
        for (String name : access.written()) {
            expand(name, written, via, 0);
        }
        for (String name : access.functions()) {
            Function f = functions.get(name);
            if (f != null && (!f.reads().isEmpty() || !f.writes().isEmpty())) {
                via.add("function " + name);
                f.reads().forEach(t -> expand(t, read, via, 0));
                f.writes().forEach(t -> expand(t, written, via, 0));
            }
        }
        read.removeAll(written);
        return new Tables(read, written, via, null);
    }

    /** A table as itself, a view as the tables under it (views over views included). */
    private void expand(String name, Set<String> into, List<String> via, int depth) {
        if (tables.contains(name)) {
            into.add(name);
        } else if (partitions.containsKey(name)) {
            into.add(partitions.get(name));
        } else if (views.containsKey(name) && depth < 16) {
            if (!via.contains("view " + name)) {
                via.add("view " + name);
            }
            views.get(name).forEach(t -> expand(t, into, via, depth + 1));
        }
    }
}
