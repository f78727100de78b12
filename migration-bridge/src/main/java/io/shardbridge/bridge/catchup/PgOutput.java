package io.shardbridge.bridge.catchup;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The messages of PostgreSQL's {@code pgoutput} plugin, protocol version 1 (PostgreSQL docs, "Logical
 * Replication Message Formats"), decoded from the payload of one XLogData record. Only what the
 * catch-up needs is kept: transaction boundaries, relations (to name tables and their key columns),
 * row changes with their column values as text, truncates, and transactional logical messages (the
 * mark shardbridge's own mirror transactions into legacy carry). Anything else decodes to {@link Other}.
 */
final class PgOutput {
    private PgOutput() {
    }

    sealed interface Message permits Begin, Commit, Relation, Change, Truncate, Logical, Other {
    }

    /** @param finalLsn the LSN of the transaction's commit record */
    record Begin(long finalLsn, long commitMicros, int xid) implements Message {
    }

    /** @param endLsn the end of the transaction's commit record: confirming it means the transaction was consumed */
    record Commit(long commitLsn, long endLsn, long commitMicros) implements Message {
    }

    record Column(String name, boolean key) {
    }

    record Relation(int id, String schema, String name, List<Column> columns) implements Message {
    }

    enum Kind { INSERT, UPDATE, DELETE }

    /**
     * One row change. {@code newValues} (INSERT, UPDATE) and {@code oldValues} (DELETE; UPDATE when the
     * key changed) hold one text value per relation column, null for SQL NULL or for an unchanged TOAST
     * value; {@code oldValues} is null when the message carried no old tuple.
     */
    record Change(Kind kind, int relation, List<String> newValues, List<String> oldValues) implements Message {
    }

    record Truncate(List<Integer> relations) implements Message {
    }

    record Logical(String prefix, byte[] content) implements Message {
    }

    record Other(char type) implements Message {
    }

    static Message decode(ByteBuffer buffer) {
        char type = (char) buffer.get();
        return switch (type) {
            case 'B' -> new Begin(buffer.getLong(), buffer.getLong(), buffer.getInt());
            case 'C' -> {
                buffer.get(); // flags, unused
                yield new Commit(buffer.getLong(), buffer.getLong(), buffer.getLong());
            }
            case 'R' -> relation(buffer);
            case 'I' -> {
                int relation = buffer.getInt();
                expect(buffer, 'N');
                yield new Change(Kind.INSERT, relation, tuple(buffer), null);
            }
            case 'U' -> {
                int relation = buffer.getInt();
                char next = (char) buffer.get();
                List<String> old = null;
                if (next == 'K' || next == 'O') {
                    old = tuple(buffer);
                    next = (char) buffer.get();
                }
                if (next != 'N') {
                    throw new IllegalStateException("pgoutput UPDATE: expected the new tuple ('N') but found '" + next + "'");
                }
                yield new Change(Kind.UPDATE, relation, tuple(buffer), old);
            }
            case 'D' -> {
                int relation = buffer.getInt();
                buffer.get(); // 'K' (key) or 'O' (old row)
                yield new Change(Kind.DELETE, relation, null, tuple(buffer));
            }
            case 'T' -> {
                int count = buffer.getInt();
                buffer.get(); // options: CASCADE, RESTART IDENTITY
                List<Integer> relations = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    relations.add(buffer.getInt());
                }
                yield new Truncate(relations);
            }
            case 'M' -> {
                buffer.get(); // flags: 1 = transactional
                buffer.getLong(); // lsn
                String prefix = string(buffer);
                byte[] content = new byte[buffer.getInt()];
                buffer.get(content);
                yield new Logical(prefix, content);
            }
            default -> new Other(type);
        };
    }

    private static Relation relation(ByteBuffer buffer) {
        int id = buffer.getInt();
        String schema = string(buffer);
        String name = string(buffer);
        buffer.get(); // replica identity setting
        int count = buffer.getShort();
        List<Column> columns = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            boolean key = (buffer.get() & 1) != 0;
            String column = string(buffer);
            buffer.getInt(); // type oid
            buffer.getInt(); // type modifier
            columns.add(new Column(column, key));
        }
        return new Relation(id, schema, name, Collections.unmodifiableList(columns));
    }

    private static List<String> tuple(ByteBuffer buffer) {
        int count = buffer.getShort();
        List<String> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            char kind = (char) buffer.get();
            switch (kind) {
                case 'n', 'u' -> values.add(null);
                case 't', 'b' -> {
                    byte[] bytes = new byte[buffer.getInt()];
                    buffer.get(bytes);
                    values.add(new String(bytes, StandardCharsets.UTF_8));
                }
                default -> throw new IllegalStateException("pgoutput: unknown tuple column kind '" + kind + "'");
            }
        }
        return values;
    }

    private static String string(ByteBuffer buffer) {
        int start = buffer.position();
        int end = start;
        while (buffer.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - start];
        buffer.get(bytes);
        buffer.get(); // the terminating zero
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void expect(ByteBuffer buffer, char wanted) {
        char found = (char) buffer.get();
        if (found != wanted) {
            throw new IllegalStateException("pgoutput: expected '" + wanted + "' but found '" + found + "'");
        }
    }
}
