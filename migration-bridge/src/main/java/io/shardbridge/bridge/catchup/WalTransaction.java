package io.shardbridge.bridge.catchup;

import io.shardbridge.bridge.intent.IntentTable;
import io.shardbridge.bridge.row.KeyCodec;
import io.shardbridge.bridge.row.RowImage;
import io.shardbridge.schema.TableDefinition;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One decoded legacy transaction, from BEGIN to COMMIT, and the verdict on it: which of its changes to
 * the unit's tables shardbridge did not mirror itself.
 *
 * <p>Why the verdict is reliable. Every transaction in which shardbridge mirrors writes of a legacy-
 * authoritative unit records the touched keys in {@code shardbridge_intent} inside that same transaction
 * (DESIGN §5.2), and every mirror transaction into legacy (from LIVE on) emits a transactional logical
 * message {@value #MIRROR_MARK}. Both are WAL records of the transaction itself, so they are decoded in it
 * and commit or vanish with it. A transaction with neither is another writer's: all its changes are
 * outside writes. A transaction with intents is the service's, but a trigger or a cascade it fired can
 * write rows shardbridge never saw: a change whose key is not among the transaction's intents for that
 * table is reported as written by a trigger or cascade, and caught up like any other.
 */
final class WalTransaction {
    /** The prefix of the logical message shardbridge's own mirror transactions into legacy carry. */
    static final String MIRROR_MARK = "shardbridge.mirror";

    /** Who wrote an outside change. */
    enum Writer {
        TRIGGER_OR_CASCADE("a trigger or cascade inside a transaction shardbridge mirrored"),
        OTHER_TRANSACTION("another transaction (not through shardbridge)");

        final String description;

        Writer(String description) {
            this.description = description;
        }
    }

    /**
     * A change to a unit table that shardbridge did not mirror. {@code key} is the typed key image (null
     * for a TRUNCATE, which has no key), {@code keyText} its readable form for the report.
     */
    record OutsideChange(String table, RowImage key, String keyText, Writer writer) {
    }

    /**
     * The verdict at commit: {@code endLsn} is what to confirm once the changes are applied; {@code xid}
     * the transaction's 32-bit id (unsigned), to wait until it is visible before re-reading its rows.
     * {@code outside} are the changes shardbridge did not mirror; {@code all} every change to a unit table
     * (once per key, at its last place; TRUNCATEs in order among them), which {@code capture: logical} applies while legacy is authoritative.
     */
    record Committed(long xid, long endLsn, long commitMicros, boolean own, List<OutsideChange> outside, List<OutsideChange> all) {
        boolean truncates() {
            return all.stream().anyMatch(c -> c.key() == null);
        }
    }

    private record Seen(String table, Map<String, String> key, boolean truncate) {
    }

    private final Map<String, TableDefinition> unitTables;
    private final long xid;
    private final List<Seen> changes = new ArrayList<>();
    private final Map<String, Set<List<Object>>> intents = new HashMap<>();
    private boolean intentWritten;
    private boolean mirrorMarked;

    WalTransaction(Map<String, TableDefinition> unitTables, long xid) {
        this.unitTables = unitTables;
        this.xid = xid;
    }

    /** Takes one message of this transaction; relations must already be known. */
    void add(PgOutput.Message message, Map<Integer, PgOutput.Relation> relations) {
        if (message instanceof PgOutput.Logical logical && MIRROR_MARK.equals(logical.prefix())) {
            mirrorMarked = true;
        } else if (message instanceof PgOutput.Truncate truncate) {
            for (int id : truncate.relations()) {
                PgOutput.Relation relation = relations.get(id);
                if (relation != null && unitTables.containsKey(relation.name())) {
                    changes.add(new Seen(relation.name(), Map.of(), true));
                }
            }
        } else if (message instanceof PgOutput.Change change) {
            PgOutput.Relation relation = relations.get(change.relation());
            if (relation == null) {
                throw new IllegalStateException("pgoutput sent a change of relation " + change.relation() + " before describing it");
            }
            if (IntentTable.NAME.equals(relation.name())) {
                if (change.kind() == PgOutput.Kind.INSERT) {
                    intent(relation, change.newValues());
                }
            } else if (unitTables.containsKey(relation.name())) {
                if (change.oldValues() != null) {
                    changes.add(new Seen(relation.name(), keyColumns(relation, change.oldValues()), false));
                }
                if (change.newValues() != null) {
                    changes.add(new Seen(relation.name(), keyColumns(relation, change.newValues()), false));
                }
            }
        }
    }

    Committed commit(PgOutput.Commit commit) {
        boolean own = intentWritten || mirrorMarked;
        Map<List<Object>, OutsideChange> outside = new LinkedHashMap<>();
        Map<List<Object>, OutsideChange> all = new LinkedHashMap<>();
        int truncates = 0;
        for (Seen seen : changes) {
            TableDefinition table = unitTables.get(seen.table());
            if (seen.truncate()) {
                OutsideChange truncate = new OutsideChange(seen.table(), null, "TRUNCATE", writer(own));
                outside.putIfAbsent(List.of(seen.table(), "TRUNCATE"), truncate);
                all.put(List.of(seen.table(), "TRUNCATE", truncates++), truncate); // in order with the row changes around it
                continue;
            }
            List<Object> key = typedKey(table, seen.key());
            List<Object> id = new ArrayList<>(key);
            id.add(0, seen.table());
            OutsideChange change = new OutsideChange(seen.table(), image(table, seen.key()), text(seen.key()), writer(own));
            all.remove(id);
            all.put(id, change); // at its last place: after a TRUNCATE of its table in this transaction, it is applied after it
            if (mirrorMarked || intents.getOrDefault(seen.table(), Set.of()).contains(key)) {
                continue; // mirrored by shardbridge itself
            }
            outside.putIfAbsent(id, change);
        }
        return new Committed(xid, commit.endLsn(), commit.commitMicros(), own, List.copyOf(outside.values()), List.copyOf(all.values()));
    }

    private static Writer writer(boolean own) {
        return own ? Writer.TRIGGER_OR_CASCADE : Writer.OTHER_TRANSACTION;
    }

    private void intent(PgOutput.Relation relation, List<String> values) {
        intentWritten = true;
        String table = null;
        String rowKey = null;
        for (int i = 0; i < relation.columns().size(); i++) {
            String column = relation.columns().get(i).name();
            if (column.equals(IntentTable.TABLE)) {
                table = values.get(i);
            } else if (column.equals(IntentTable.ROW_KEY)) {
                rowKey = values.get(i);
            }
        }
        TableDefinition definition = table == null ? null : unitTables.get(table);
        if (definition == null || rowKey == null) {
            return; // another unit's intent: it still marks the transaction as shardbridge's own
        }
        intents.computeIfAbsent(table, t -> new HashSet<>()).add(typedKey(definition, IntentTable.rowKeyText(rowKey)));
    }

    private static Map<String, String> keyColumns(PgOutput.Relation relation, List<String> values) {
        Map<String, String> key = new LinkedHashMap<>();
        for (int i = 0; i < relation.columns().size(); i++) {
            if (relation.columns().get(i).key()) {
                key.put(relation.columns().get(i).name(), values.get(i));
            }
        }
        return key;
    }

    /**
     * The primary-key values, typed by the legacy column types so that the text pgoutput sends and the
     * text an intent holds compare equal for equal values ({@code 1.50} and {@code 1.5}); a type the key
     * codec cannot read compares as text.
     */
    private static List<Object> typedKey(TableDefinition table, Map<String, String> text) {
        RowImage image = image(table, text);
        if (image != null) {
            return image.keyValues(table.primaryKey());
        }
        return table.primaryKey().stream().map(c -> (Object) text.get(c)).toList();
    }

    /** The typed key image, or null when a value does not parse as its column type. */
    private static RowImage image(TableDefinition table, Map<String, String> text) {
        StringBuilder encoded = new StringBuilder();
        for (String column : table.primaryKey()) {
            if (encoded.length() > 0) {
                encoded.append('&');
            }
            encoded.append(URLEncoder.encode(column, StandardCharsets.UTF_8));
            String value = fromPostgresText(table, column, text.get(column));
            if (value != null) {
                encoded.append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
        try {
            return KeyCodec.decode(table, encoded.toString());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** PostgreSQL's text output where it differs from what the key codec reads (booleans, timestamps). */
    private static String fromPostgresText(TableDefinition table, String column, String value) {
        if (value == null) {
            return null;
        }
        String type = table.column(column).map(c -> c.baseType()).orElse("");
        return switch (type) {
            case "boolean" -> value.equals("t") ? "true" : value.equals("f") ? "false" : value;
            case "timestamp" -> value.replace(' ', 'T');
            case "timestamptz" -> {
                String iso = value.replace(' ', 'T');
                yield iso.matches(".*[+-]\\d\\d$") ? iso + ":00" : iso;
            }
            default -> value;
        };
    }

    private static String text(Map<String, String> key) {
        StringBuilder out = new StringBuilder();
        key.forEach((k, v) -> out.append(out.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return out.toString();
    }
}
