package io.shardbridge.bridge.catalog;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What in legacy's catalog can write a migrating table without naming it in the caller's statement:
 * views over it (any depth, from {@code pg_depend}/{@code pg_rewrite}: an UPDATE of an updatable view
 * writes the table), and SQL or PL/pgSQL functions and procedures ({@code pg_proc}) whose body names it
 * (or such a view) next to a data-changing command, or calls another such routine.
 *
 * <p>Why this is safe to rely on: it over-approximates. A STABLE or IMMUTABLE function cannot change
 * data (PostgreSQL refuses it), so only VOLATILE functions and procedures are read; a body that
 * mentions a unit table and any of INSERT, UPDATE, DELETE, MERGE, COPY or TRUNCATE counts as a writer
 * even if the mention is in a read. What it cannot see: dynamic SQL ({@code EXECUTE 'UPDATE ' || t}),
 * C functions and triggers; those are the catch-up's and verification's to find (README, Known limits).
 */
public record IndirectWriters(Map<String, String> views, Map<String, String> routines) {
    private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");
    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "merge", "copy", "truncate");

    public static final IndirectWriters NONE = new IndirectWriters(Map.of(), Map.of());

    public IndirectWriters {
        views = Map.copyOf(views);
        routines = Map.copyOf(routines);
    }

    /** The unit table a view (lower-case name) reads, or null. */
    public String viewOver(String view) {
        return views.get(view);
    }

    /** The unit table a function or procedure (lower-case name) may write, or null. */
    public String routineWriting(String routine) {
        return routines.get(routine);
    }

    /** Reads legacy's catalog for the given unit tables. */
    public static IndirectWriters read(Connection legacy, Set<String> unitTables) throws SQLException {
        Map<String, String> views = views(legacy, unitTables);
        Map<String, String> targets = new HashMap<>();
        unitTables.forEach(t -> targets.put(t, t));
        views.forEach(targets::put);
        Map<String, Set<String>> bodies = new LinkedHashMap<>();
        try (PreparedStatement ps = legacy.prepareStatement("""
                SELECT lower(p.proname), p.prosrc FROM pg_proc p
                  JOIN pg_namespace n ON n.oid = p.pronamespace
                  JOIN pg_language l ON l.oid = p.prolang
                 WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND l.lanname IN ('sql', 'plpgsql')
                   AND (p.prokind = 'p' OR p.provolatile = 'v')""");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                bodies.computeIfAbsent(rs.getString(1), k -> new java.util.HashSet<>()).addAll(words(rs.getString(2)));
            }
        }
        Map<String, String> routines = new HashMap<>();
        for (Map.Entry<String, Set<String>> e : bodies.entrySet()) {
            if (e.getValue().stream().anyMatch(WRITES::contains)) {
                e.getValue().stream().filter(targets::containsKey).findFirst().ifPresent(w -> routines.put(e.getKey(), targets.get(w)));
            }
        }
        boolean grew = true;
        while (grew) { // a routine that calls a writer is a writer
            grew = false;
            for (Map.Entry<String, Set<String>> e : bodies.entrySet()) {
                if (!routines.containsKey(e.getKey())) {
                    for (String word : e.getValue()) {
                        String table = routines.get(word);
                        if (table != null) {
                            routines.put(e.getKey(), table);
                            grew = true;
                            break;
                        }
                    }
                }
            }
        }
        return new IndirectWriters(views, routines);
    }

    private static Map<String, String> views(Connection legacy, Set<String> unitTables) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (PreparedStatement ps = legacy.prepareStatement("""
                WITH RECURSIVE dep(view_oid, base) AS (
                    SELECT r.ev_class, t.relname::text
                      FROM pg_depend d
                      JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
                      JOIN pg_class t ON d.refclassid = 'pg_class'::regclass AND d.refobjid = t.oid
                     WHERE t.relname = ANY (?) AND r.ev_class <> t.oid
                    UNION
                    SELECT r.ev_class, dep.base
                      FROM dep
                      JOIN pg_depend d ON d.refclassid = 'pg_class'::regclass AND d.refobjid = dep.view_oid
                                      AND d.classid = 'pg_rewrite'::regclass
                      JOIN pg_rewrite r ON d.objid = r.oid
                     WHERE r.ev_class <> dep.view_oid)
                SELECT lower(c.relname), dep.base FROM dep JOIN pg_class c ON c.oid = dep.view_oid ORDER BY 1, 2""")) {
            Array names = legacy.createArrayOf("text", unitTables.toArray());
            ps.setArray(1, names);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.putIfAbsent(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    private static List<String> words(String body) {
        List<String> out = new ArrayList<>();
        if (body == null) {
            return out;
        }
        Matcher m = WORD.matcher(body);
        while (m.find()) {
            out.add(m.group().toLowerCase(Locale.ROOT));
        }
        return out;
    }
}
