package io.shardbridge.planbench;

import io.shardbridge.ShardbridgeException;
import io.shardbridge.schema.ColumnDefinition;
import io.shardbridge.schema.TableDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The statements replayed on every plan, each with its weight (its share of calls). Read from a
 * {@code pg_stat_statements} CSV export, from a statement log, or generated from the table's keys. Only
 * statements that name the benchmarked table are kept; how many were left out is reported.
 *
 * @param source     where the statements came from, for the report
 * @param leftOut    statements (weighted by calls) that do not name the table
 */
public record Workload(String source, List<Statement> statements, double leftOut) {
    /** One statement text, with {@code ?} markers, and how often it runs. */
    public record Statement(String sql, double weight) {
    }

    private static final Pattern DOLLAR_PARAMETER = Pattern.compile("\\$\\d+");
    private static final Pattern LOG_PREFIX = Pattern.compile("(?s)^.*?(?:statement|execute [^:]*):\\s*");

    public Workload {
        statements = List.copyOf(statements);
    }

    public double totalWeight() {
        return statements.stream().mapToDouble(Statement::weight).sum();
    }

    /**
     * A {@code pg_stat_statements} export with a header row naming at least {@code query} and {@code calls}:
     * {@code \copy (SELECT query, calls FROM pg_stat_statements) TO 'workload.csv' CSV HEADER}.
     */
    static Workload fromPgStatStatements(Path csv, String table) {
        List<List<String>> rows = Csv.parse(read(csv));
        if (rows.isEmpty()) {
            throw new ShardbridgeException(csv + " is empty; export it with \\copy (SELECT query, calls FROM pg_stat_statements) TO '" + csv + "' CSV HEADER");
        }
        List<String> header = rows.get(0).stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
        int query = header.indexOf("query");
        int calls = header.indexOf("calls");
        if (query < 0 || calls < 0) {
            throw new ShardbridgeException(csv + " has columns " + header + " but needs query and calls; export it with "
                    + "\\copy (SELECT query, calls FROM pg_stat_statements) TO '" + csv + "' CSV HEADER");
        }
        Map<String, Double> weights = new LinkedHashMap<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            if (row.size() <= Math.max(query, calls)) {
                continue;
            }
            double n;
            try {
                n = Double.parseDouble(row.get(calls).trim());
            } catch (NumberFormatException e) {
                throw new ShardbridgeException(csv + ": calls '" + row.get(calls) + "' is not a number (row " + (rows.indexOf(row) + 1) + ")");
            }
            weights.merge(normalise(row.get(query)), n, Double::sum);
        }
        return keepTable("pg_stat_statements export " + csv.getFileName(), weights, table);
    }

    /**
     * A statement log: one statement per line, or PostgreSQL server log lines ({@code LOG:  statement: …},
     * {@code LOG:  execute <unnamed>: …}), whose prefixes are dropped. Every occurrence counts once.
     */
    static Workload fromStatementLog(Path log, String table) {
        Map<String, Double> weights = new LinkedHashMap<>();
        for (String line : read(log).split("\\R")) {
            if (line.isBlank() || line.startsWith("--") || line.contains("DETAIL:") || line.startsWith("#")) {
                continue;
            }
            String sql = line.contains("statement:") || line.contains("execute ") ? LOG_PREFIX.matcher(line).replaceFirst("") : line;
            weights.merge(normalise(sql), 1.0, Double::sum);
        }
        return keepTable("statement log " + log.getFileName(), weights, table);
    }

    /**
     * A mix every plan is judged on alike: reads and updates by primary key, inserts, and reads by each
     * candidate shard key (which is what a plan keyed on it is for).
     */
    static Workload generated(TableDefinition table, List<String> candidateKeys) {
        Map<String, Double> weights = new LinkedHashMap<>();
        String name = portable(table.name());
        String pkWhere = String.join(" AND ", table.primaryKey().stream().map(c -> portable(c) + " = ?").toList());
        weights.put("SELECT * FROM " + name + " WHERE " + pkWhere, 50.0);
        table.columns().stream()
                .filter(c -> !table.primaryKey().contains(c.name()) && !candidateKeys.contains(c.name()))
                .findFirst()
                .ifPresent(c -> weights.put("UPDATE " + name + " SET " + portable(c.name()) + " = ? WHERE " + pkWhere, 20.0));
        List<String> columns = table.columns().stream().filter(c -> !c.sequenceFilled() || table.primaryKey().contains(c.name()))
                .map(ColumnDefinition::name).toList();
        weights.put("INSERT INTO " + name + " (" + String.join(", ", columns.stream().map(Workload::portable).toList()) + ") VALUES ("
                + String.join(", ", columns.stream().map(c -> "?").toList()) + ")", 10.0);
        List<String> otherKeys = candidateKeys.stream().distinct().filter(k -> !table.primaryKey().equals(List.of(k))).toList();
        for (String key : otherKeys) {
            weights.put("SELECT * FROM " + name + " WHERE " + portable(key) + " = ? LIMIT 20", 20.0 / otherKeys.size());
        }
        return new Workload("generated mix (50% read by key, 20% update by key, 10% insert, 20% read by each candidate shard key)",
                weights.entrySet().stream().map(e -> new Statement(e.getKey(), e.getValue())).toList(), 0);
    }

    private static Workload keepTable(String source, Map<String, Double> weights, String table) {
        Pattern names = Pattern.compile("(?i)(?<![\\w.\"])\"?" + Pattern.quote(table) + "\"?(?![\\w\"])");
        List<Statement> kept = new ArrayList<>();
        double leftOut = 0;
        for (Map.Entry<String, Double> e : weights.entrySet()) {
            Matcher m = names.matcher(e.getKey());
            if (m.find()) {
                kept.add(new Statement(e.getKey(), e.getValue()));
            } else {
                leftOut += e.getValue();
            }
        }
        if (kept.isEmpty()) {
            throw new ShardbridgeException("no statement in the " + source + " names table " + table + "; check --table and the file");
        }
        return new Workload(source, kept, leftOut);
    }

    /**
     * An identifier as both engines read it: bare when it is a plain lower-case name (the service's own SQL
     * runs unchanged on MySQL shards, DESIGN §9, so the generated mix must be portable too), else quoted.
     */
    static String portable(String identifier) {
        return identifier.matches("[a-z_][a-z0-9_]*") ? identifier : TableScan.quote(identifier);
    }

    /** {@code $1}-style markers (pg_stat_statements, server logs) become JDBC's {@code ?}; a trailing semicolon goes. */
    static String normalise(String sql) {
        String s = sql.strip();
        if (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        return DOLLAR_PARAMETER.matcher(s).replaceAll("?");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ShardbridgeException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
