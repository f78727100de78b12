package io.shardbridge.inventory;

import io.shardbridge.bridge.readiness.CensusRows;
import io.shardbridge.config.MigrationUnitConfig;
import io.shardbridge.inventory.ActivitySampler.SampledTransaction;
import io.shardbridge.inventory.InventoryReport.Catalog;
import io.shardbridge.inventory.InventoryReport.ForeignKey;
import io.shardbridge.inventory.InventoryReport.Function;
import io.shardbridge.inventory.InventoryReport.Group;
import io.shardbridge.inventory.InventoryReport.Link;
import io.shardbridge.inventory.InventoryReport.LinkKind;
import io.shardbridge.inventory.InventoryReport.Rule;
import io.shardbridge.inventory.InventoryReport.SequenceUse;
import io.shardbridge.inventory.InventoryReport.Statement;
import io.shardbridge.inventory.InventoryReport.TableUse;
import io.shardbridge.inventory.InventoryReport.Trigger;
import io.shardbridge.inventory.InventoryReport.Unit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which tables must move together, and where the configured units disagree.
 *
 * <p>Why these links and no others. A unit moves its tables to the other side as one: tables written by
 * one statement or one transaction would otherwise have that transaction span both sides (DESIGN §5
 * refuses such a write from LIVE on); a foreign key cannot reference a table in another database; a
 * trigger or rule on one table that writes another only runs on legacy; a function that writes two
 * tables is one statement's worth of writes; a sequence that fills keys of two tables must stay one key
 * space (DESIGN §5, keys). Each link joins its tables; the groups are the connected components
 * (union-find), so a chain a–b–c is one group even when no single reason names a and c. Reads do not
 * link tables: a read of a moved table keeps working through shardbridge, a write spanning sides does not.
 */
final class UnitSuggestions {
    private UnitSuggestions() {
    }

    static List<Link> links(Catalog catalog, List<Statement> statements, List<SampledTransaction> transactions, List<CensusRows.Row> census,
                            StatementTables resolver) {
        List<Link> links = new ArrayList<>();
        Map<Set<String>, Set<String>> byStatement = new LinkedHashMap<>();
        for (CensusRows.Row row : census) {
            Set<String> written = resolver.of(row.parsableSql()).written();
            if (written.size() > 1) {
                byStatement.computeIfAbsent(new TreeSet<>(written), k -> new LinkedHashSet<>())
                        .add("census of unit " + row.unit() + " (" + row.shape().executions() + " executions): " + abbreviate(row.shape().shape()));
            }
        }
        for (Statement s : statements) {
            if (s.written().size() > 1) {
                byStatement.computeIfAbsent(new TreeSet<>(s.written()), k -> new LinkedHashSet<>()).add(s.application() + ": " + abbreviate(s.sql()));
            }
        }
        byStatement.forEach((tables, who) -> links.add(new Link(LinkKind.STATEMENT, List.copyOf(tables), describe(who))));
        Map<Set<String>, Set<String>> byTransaction = new LinkedHashMap<>();
        for (SampledTransaction t : transactions) {
            TreeSet<String> written = new TreeSet<>();
            t.statements().forEach(sql -> written.addAll(resolver.of(sql).written()));
            if (written.size() > 1 && !byStatement.containsKey(written)) {
                byTransaction.computeIfAbsent(written, k -> new LinkedHashSet<>()).add(t.application() + ": " + t.statements().stream()
                        .filter(sql -> !resolver.of(sql).written().isEmpty()).map(UnitSuggestions::abbreviate)
                        .reduce((a, b) -> a + "; " + b).orElse(""));
            }
        }
        byTransaction.forEach((tables, who) -> links.add(new Link(LinkKind.TRANSACTION, List.copyOf(tables), describe(who))));
        links.addAll(catalogLinks(catalog));
        return links;
    }

    /** Links the schema itself makes, whether or not traffic was seen. */
    private static List<Link> catalogLinks(Catalog catalog) {
        List<Link> links = new ArrayList<>();
        for (ForeignKey fk : catalog.foreignKeys()) {
            if (!fk.table().equals(fk.references())) {
                links.add(new Link(LinkKind.FOREIGN_KEY, List.of(fk.table(), fk.references()), fk.name() + ": " + fk.table() + " → " + fk.references()));
            }
        }
        for (Trigger t : catalog.triggers()) {
            TreeSet<String> tables = new TreeSet<>(t.writes());
            tables.add(t.table());
            if (tables.size() > 1) {
                links.add(new Link(LinkKind.TRIGGER, List.copyOf(tables), "trigger " + t.name() + " on " + t.table() + " runs " + t.function()
                        + "(), which writes " + String.join(", ", t.writes())));
            }
        }
        for (Rule r : catalog.rules()) {
            TreeSet<String> tables = new TreeSet<>(r.references());
            tables.retainAll(catalog.tables());
            tables.add(r.table());
            if (tables.size() > 1) {
                links.add(new Link(LinkKind.RULE, List.copyOf(tables), "rule " + r.name() + " on " + r.table() + " touches "
                        + String.join(", ", r.references())));
            }
        }
        for (Function f : catalog.functions()) {
            if (f.writes().size() > 1) {
                links.add(new Link(LinkKind.FUNCTION, f.writes(), "function " + f.name() + "() writes " + String.join(", ", f.writes())));
            }
        }
        for (SequenceUse s : catalog.sequences()) {
            TreeSet<String> tables = new TreeSet<>();
            if (s.ownedBy() != null) {
                tables.add(s.ownedBy().substring(0, s.ownedBy().lastIndexOf('.')));
            }
            s.filling().forEach(c -> tables.add(c.substring(0, c.lastIndexOf('.'))));
            if (tables.size() > 1) {
                links.add(new Link(LinkKind.SEQUENCE, List.copyOf(tables), "sequence " + s.sequence() + " fills " + String.join(", ", s.filling())));
            }
        }
        return links;
    }

    /** The connected components of the links, each with the links inside it. */
    static List<Group> groups(List<Link> links) {
        Map<String, String> parent = new HashMap<>();
        for (Link l : links) {
            for (String t : l.tables()) {
                union(parent, l.tables().get(0), t);
            }
        }
        Map<String, TreeSet<String>> members = new TreeMap<>();
        for (String t : parent.keySet()) {
            members.computeIfAbsent(find(parent, t), r -> new TreeSet<>()).add(t);
        }
        List<Group> groups = new ArrayList<>();
        for (TreeSet<String> tables : members.values()) {
            if (tables.size() > 1) {
                groups.add(new Group(List.copyOf(tables), links.stream().filter(l -> tables.contains(l.tables().get(0))).toList()));
            }
        }
        groups.sort(java.util.Comparator.comparing((Group g) -> -g.tables().size()).thenComparing(g -> g.tables().get(0)));
        return groups;
    }

    /** Each configured unit: who writes its tables, and every link it cuts. */
    static List<Unit> units(Collection<MigrationUnitConfig> configured, List<Link> links, List<TableUse> uses) {
        Map<String, String> unitOf = new HashMap<>();
        configured.forEach(u -> u.tables().forEach(t -> unitOf.put(t, u.name())));
        Map<String, List<String>> writers = new HashMap<>();
        uses.forEach(u -> writers.put(u.table(), u.writers()));
        List<Unit> out = new ArrayList<>();
        for (MigrationUnitConfig u : configured) {
            Map<String, List<String>> unitWriters = new LinkedHashMap<>();
            u.tables().forEach(t -> unitWriters.put(t, writers.getOrDefault(t, List.of())));
            Set<String> flags = new LinkedHashSet<>();
            for (Link l : links) {
                List<String> inside = l.tables().stream().filter(t -> u.name().equals(unitOf.get(t))).toList();
                if (inside.isEmpty() || inside.size() == l.tables().size()) {
                    continue;
                }
                for (String other : l.tables()) {
                    if (inside.contains(other)) {
                        continue;
                    }
                    String where = unitOf.get(other);
                    flags.add((where == null ? "leaves " + other + " behind" : "splits " + other + " off into unit " + where) + ": "
                            + l.kind().meaning() + " (" + l.detail() + ")");
                }
            }
            out.add(new Unit(u.name(), u.tables(), unitWriters, List.copyOf(flags)));
        }
        return out;
    }

    private static void union(Map<String, String> parent, String a, String b) {
        String ra = find(parent, a);
        String rb = find(parent, b);
        if (!ra.equals(rb)) {
            parent.put(ra.compareTo(rb) < 0 ? rb : ra, ra.compareTo(rb) < 0 ? ra : rb);
        }
    }

    private static String find(Map<String, String> parent, String t) {
        parent.putIfAbsent(t, t);
        String root = t;
        while (!parent.get(root).equals(root)) {
            root = parent.get(root);
        }
        parent.put(t, root);
        return root;
    }

    private static String describe(Set<String> who) {
        String first = who.iterator().next();
        return who.size() == 1 ? first : first + " (and " + (who.size() - 1) + " more)";
    }

    static String abbreviate(String sql) {
        String one = sql.replaceAll("\\s+", " ");
        return one.length() > 120 ? one.substring(0, 117) + "…" : one;
    }
}
