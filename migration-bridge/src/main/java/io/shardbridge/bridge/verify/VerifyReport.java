package io.shardbridge.bridge.verify;

import io.shardbridge.config.MigrationPhase.Side;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a verification found: rows compared and every difference, by row.
 *
 * @param authoritative the side taken as right
 * @param settled       rows that differed at first sight and were equal when read again after the recheck delay
 *                      (writes in flight); never counted as differences
 * @param vacuum        tables whose dead row versions dominate, which the operator should vacuum ({@link DeadTuples})
 */
public record VerifyReport(String unit, Side authoritative, Map<String, Long> rowsCompared, List<Difference> differences, long settled,
                           Duration took, List<VacuumAdvice> vacuum) {
    /** One row that differs. {@code kind}: MISSING (only on the authoritative side), EXTRA (only on the mirror), DIFFERENT. */
    public record Difference(String table, String kind, Map<String, Object> key, List<String> columns) {
    }

    public VerifyReport {
        rowsCompared = Map.copyOf(rowsCompared);
        differences = List.copyOf(differences);
        vacuum = List.copyOf(vacuum);
    }

    public VerifyReport(String unit, Side authoritative, Map<String, Long> rowsCompared, List<Difference> differences, long settled, Duration took) {
        this(unit, authoritative, rowsCompared, differences, settled, took, List.of());
    }

    public boolean equal() {
        return differences.isEmpty();
    }

    /** A few lines for a person. */
    public String summary() {
        long rows = rowsCompared.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder out = new StringBuilder(String.format(java.util.Locale.ROOT, "unit %s: %,d rows compared in %.1f s (%,.0f rows/s), %s%s%n",
                unit, rows, took.toMillis() / 1000.0, rows / Math.max(0.001, took.toNanos() / 1e9),
                equal() ? "both sides equal" : differences.size() + " difference(s)",
                settled == 0 ? "" : "; " + settled + " row(s) in flight matched when read again"));
        differences.stream().limit(20).forEach(d -> out.append("  ").append(d.kind()).append(' ').append(d.table()).append(' ')
                .append(d.key()).append(d.columns().isEmpty() ? "" : " columns " + d.columns()).append('\n'));
        if (differences.size() > 20) {
            out.append("  … ").append(differences.size() - 20).append(" more in the JSON report\n");
        }
        vacuum.forEach(v -> out.append("  VACUUM: ").append(v.message()).append('\n'));
        return out.toString();
    }

    /** The machine-readable report. */
    public String toJson() {
        String diffs = differences.stream().map(d -> "{\"table\":" + json(d.table()) + ",\"kind\":" + json(d.kind()) + ",\"key\":{"
                + d.key().entrySet().stream().map(e -> json(e.getKey()) + ":" + json(String.valueOf(e.getValue()))).collect(Collectors.joining(","))
                + "},\"columns\":[" + d.columns().stream().map(VerifyReport::json).collect(Collectors.joining(",")) + "]}")
                .collect(Collectors.joining(","));
        String rows = rowsCompared.entrySet().stream().map(e -> json(e.getKey()) + ":" + e.getValue()).collect(Collectors.joining(","));
        return "{\"unit\":" + json(unit) + ",\"authoritative\":" + json(authoritative.name()) + ",\"equal\":" + equal()
                + ",\"rowsCompared\":{" + rows + "},\"settled\":" + settled + ",\"tookMillis\":" + took.toMillis() + ",\"differences\":[" + diffs + "],\"vacuum\":[" + vacuum.stream()
                .map(v -> "{\"side\":" + json(v.side().name()) + ",\"database\":" + json(v.database()) + ",\"table\":" + json(v.table())
                        + ",\"logicalTable\":" + json(v.logicalTable()) + ",\"deadRows\":" + v.deadRows() + ",\"liveRows\":" + v.liveRows() + "}")
                .collect(Collectors.joining(",")) + "]}";
    }

    private static String json(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
