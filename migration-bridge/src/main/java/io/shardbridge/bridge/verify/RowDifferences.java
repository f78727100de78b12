package io.shardbridge.bridge.verify;

import io.shardbridge.bridge.row.RowImage;
import io.shardbridge.schema.ColumnDefinition;
import io.shardbridge.schema.TableDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Classifies rows read by key on both sides: MISSING, EXTRA, or DIFFERENT in the columns whose canonical encodings differ. */
final class RowDifferences {
    private RowDifferences() {
    }

    static List<VerifyReport.Difference> between(TableDefinition table, List<RowImage> keys, Map<List<Object>, RowImage> authoritative,
                                                 Map<List<Object>, RowImage> mirror) {
        List<VerifyReport.Difference> out = new ArrayList<>();
        for (RowImage suspect : keys) {
            List<Object> k = suspect.keyValues(table.primaryKey());
            RowImage a = authoritative.get(k);
            RowImage m = mirror.get(k);
            Map<String, Object> key = new LinkedHashMap<>();
            table.primaryKey().forEach(c -> key.put(c, suspect.get(c)));
            if (a != null && m == null) {
                out.add(new VerifyReport.Difference(table.name(), "MISSING", key, List.of()));
            } else if (a == null && m != null) {
                out.add(new VerifyReport.Difference(table.name(), "EXTRA", key, List.of()));
            } else if (a != null) {
                List<String> columns = differingColumns(table, a, m);
                if (!columns.isEmpty()) {
                    out.add(new VerifyReport.Difference(table.name(), "DIFFERENT", key, columns));
                }
            }
        }
        return out;
    }

    static List<String> differingColumns(TableDefinition table, RowImage a, RowImage b) {
        List<String> out = new ArrayList<>();
        for (ColumnDefinition column : table.columns()) {
            if (!CanonicalEncoding.encodeValue(column, a.get(column.name())).equals(CanonicalEncoding.encodeValue(column, b.get(column.name())))) {
                out.add(column.name());
            }
        }
        return out;
    }
}
