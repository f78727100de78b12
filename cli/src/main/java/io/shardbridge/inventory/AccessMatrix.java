package io.shardbridge.inventory;

import io.shardbridge.inventory.InventoryReport.Application;
import io.shardbridge.inventory.InventoryReport.Cell;
import io.shardbridge.inventory.InventoryReport.IdentifiedBy;
import io.shardbridge.inventory.InventoryReport.Source;
import io.shardbridge.inventory.InventoryReport.Statement;
import io.shardbridge.inventory.InventoryReport.TableUse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The table × application matrix from the observed statements. Counting rule: an application counted
 * by pg_stat_statements (complete since its last reset) is counted from it alone; the others by the
 * executions sampling saw (a lower bound). The two are never added: the same execution may be in both.
 * pg_stat_statements names roles; a role that sampling saw under exactly one application_name (and never
 * without one) is attributed to that application, and the report says so.
 */
final class AccessMatrix {
    private final List<Application> applications = new ArrayList<>();
    private final List<Cell> cells = new ArrayList<>();
    private final List<TableUse> tables = new ArrayList<>();
    private final List<Statement> statements = new ArrayList<>();

    private record CellKey(String table, String application) {
    }

    private static final class Counts {
        long reads;
        long writes;
        Instant lastSeen;
    }

    AccessMatrix(List<Observation> observed, StatementTables resolver, List<String> catalogTables) {
        List<Observation> all = attributeRoles(observed);
        Map<String, Source> countedFrom = describeApplications(all);
        Map<CellKey, Counts> counts = new LinkedHashMap<>();
        for (Observation o : all) {
            StatementTables.Tables t = resolver.of(o.sql());
            if (t.error() != null || !t.touchesNothing()) {
                statements.add(new Statement(o.application(), o.source(), o.sql(), o.calls(), List.copyOf(t.read()), List.copyOf(t.written()), t.via(),
                        t.error()));
            }
            boolean counted = o.source() == countedFrom.get(o.application());
            for (String table : t.read()) {
                count(counts, table, o, counted, false);
            }
            for (String table : t.written()) {
                count(counts, table, o, counted, true);
            }
        }
        statements.sort(Comparator.comparing(Statement::application).thenComparing(s -> -s.calls()));
        counts.entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.comparing(CellKey::table).thenComparing(CellKey::application)))
                .forEach(e -> cells.add(new Cell(e.getKey().table(), e.getKey().application(), e.getValue().reads, e.getValue().writes,
                        e.getValue().reads + e.getValue().writes, e.getValue().lastSeen)));
        Set<String> names = new TreeSet<>(catalogTables);
        cells.forEach(c -> names.add(c.table()));
        for (String table : names) {
            List<String> writers = cells.stream().filter(c -> c.table().equals(table) && c.writes() > 0).map(Cell::application).toList();
            List<String> readers = cells.stream().filter(c -> c.table().equals(table) && c.writes() == 0 && c.reads() > 0).map(Cell::application).toList();
            tables.add(new TableUse(table, writers, readers));
        }
    }

    /** One entry per application: how it is named, its roles and client addresses, and which source counts it. */
    private Map<String, Source> describeApplications(List<Observation> all) {
        Map<String, Source> countedFrom = new TreeMap<>();
        Map<String, IdentifiedBy> identifiedBy = new TreeMap<>();
        Map<String, Set<String>> roles = new TreeMap<>();
        Map<String, Set<String>> clients = new TreeMap<>();
        for (Observation o : all) {
            countedFrom.merge(o.application(), o.source(), (a, b) -> a == Source.PG_STAT_STATEMENTS || b == Source.PG_STAT_STATEMENTS
                    ? Source.PG_STAT_STATEMENTS : Source.ACTIVITY_SAMPLING);
            identifiedBy.merge(o.application(), o.identifiedBy(), (a, b) -> a == IdentifiedBy.ROLE_SEEN_AS_APPLICATION_NAME
                    || b == IdentifiedBy.ROLE_SEEN_AS_APPLICATION_NAME ? IdentifiedBy.ROLE_SEEN_AS_APPLICATION_NAME : a);
            roles.computeIfAbsent(o.application(), a -> new TreeSet<>()).add(o.role());
            Set<String> c = clients.computeIfAbsent(o.application(), a -> new TreeSet<>());
            if (o.client() != null) {
                c.add(o.client());
            } else if (o.source() == Source.ACTIVITY_SAMPLING) {
                c.add("local socket");
            }
        }
        countedFrom.forEach((app, source) -> applications.add(new Application(app, identifiedBy.get(app), List.copyOf(roles.get(app)),
                List.copyOf(clients.get(app)), source)));
        return countedFrom;
    }

    private static void count(Map<CellKey, Counts> counts, String table, Observation o, boolean counted, boolean write) {
        Counts c = counts.computeIfAbsent(new CellKey(table, o.application()), k -> new Counts());
        if (counted) {
            if (write) {
                c.writes += o.calls();
            } else {
                c.reads += o.calls();
            }
        }
        if (o.lastSeen() != null && (c.lastSeen == null || o.lastSeen().isAfter(c.lastSeen))) {
            c.lastSeen = o.lastSeen();
        }
    }

    /** pg_stat_statements' roles renamed to the one application_name sampling saw them under, where there is exactly one. */
    static List<Observation> attributeRoles(List<Observation> observed) {
        Map<String, Set<String>> namesByRole = new LinkedHashMap<>();
        for (Observation o : observed) {
            if (o.source() == Source.ACTIVITY_SAMPLING) {
                namesByRole.computeIfAbsent(o.role(), r -> new LinkedHashSet<>())
                        .add(o.identifiedBy() == IdentifiedBy.APPLICATION_NAME ? o.application() : "");
            }
        }
        List<Observation> out = new ArrayList<>();
        for (Observation o : observed) {
            Set<String> names = namesByRole.getOrDefault(o.role(), Set.of());
            if (o.source() == Source.PG_STAT_STATEMENTS && names.size() == 1 && !names.contains("")) {
                out.add(new Observation(names.iterator().next(), IdentifiedBy.ROLE_SEEN_AS_APPLICATION_NAME, o.role(), o.client(), o.source(), o.sql(),
                        o.calls(), o.lastSeen()));
            } else {
                out.add(o);
            }
        }
        return out;
    }

    List<Application> applications() {
        return applications;
    }

    List<Cell> cells() {
        return cells;
    }

    List<TableUse> tables() {
        return tables;
    }

    List<Statement> statements() {
        return statements;
    }
}
