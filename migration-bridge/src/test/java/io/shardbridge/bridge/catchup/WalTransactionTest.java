package io.shardbridge.bridge.catchup;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.schema.ColumnDefinition;
import io.shardbridge.schema.TableDefinition;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** pgoutput v1 decoding and the own/foreign verdict, on messages built byte by byte as the protocol documents them. */
class WalTransactionTest {
    private static final TableDefinition ACCOUNT = new TableDefinition("account", List.of(
            new ColumnDefinition("id", "bigint", true, Optional.empty(), false),
            new ColumnDefinition("balance", "numeric(14,2)", true, Optional.empty(), false)), List.of("id"), List.of());
    private static final TableDefinition LEDGER = new TableDefinition("ledger", List.of(
            new ColumnDefinition("day", "date", true, Optional.empty(), false),
            new ColumnDefinition("ok", "boolean", true, Optional.empty(), false),
            new ColumnDefinition("note", "text", false, Optional.empty(), false)), List.of("day", "ok"), List.of());

    private final Map<Integer, PgOutput.Relation> relations = new HashMap<>();

    WalTransactionTest() throws IOException {
        for (ByteBuffer r : List.of(relation(1, "account", "id", "balance"), relation(2, "ledger", "day", "ok", "note"),
                relation(3, "shardbridge_intent", "id", "unit_name", "table_name", "row_key", "txn", "created_at"), relation(4, "audit", "id"))) {
            PgOutput.Relation decoded = (PgOutput.Relation) PgOutput.decode(r);
            relations.put(decoded.id(), decoded);
        }
    }

    @Test
    void relationsKnowTheirKeyColumns() {
        assertThat(relations.get(1).columns()).extracting(PgOutput.Column::key).containsExactly(true, false);
        assertThat(relations.get(2).name()).isEqualTo("ledger");
    }

    @Test
    void aTransactionWithoutIntentsIsAnotherWriters() throws IOException {
        WalTransaction tx = transaction();
        tx.add(PgOutput.decode(insert(1, "7", "10.50")), relations);
        tx.add(PgOutput.decode(insert(4, "1")), relations); // not a unit table
        WalTransaction.Committed committed = tx.commit((PgOutput.Commit) PgOutput.decode(commit(0x200, 0x210)));
        assertThat(committed.own()).isFalse();
        assertThat(committed.endLsn()).isEqualTo(0x210);
        assertThat(committed.outside()).singleElement().satisfies(c -> {
            assertThat(c.table()).isEqualTo("account");
            assertThat(c.writer()).isEqualTo(WalTransaction.Writer.OTHER_TRANSACTION);
            assertThat(c.key().get("id")).isEqualTo(7L);
        });
    }

    @Test
    void inAnOwnTransactionOnlyRowsWithoutAnIntentAreOutside() throws IOException {
        WalTransaction tx = transaction();
        tx.add(PgOutput.decode(insert(1, "7", "10.50")), relations);
        tx.add(PgOutput.decode(insert(3, "1", "bank", "account", "id=7", "99", "2026-01-01")), relations);
        tx.add(PgOutput.decode(insert(2, "2026-03-01", "t", "by trigger")), relations);
        tx.add(PgOutput.decode(insert(3, "2", "bank", "ledger", "day=2026-03-02&ok=true", "99", "2026-01-01")), relations);
        tx.add(PgOutput.decode(insert(2, "2026-03-02", "t", "mirrored")), relations);
        WalTransaction.Committed committed = tx.commit((PgOutput.Commit) PgOutput.decode(commit(0x300, 0x310)));
        assertThat(committed.own()).isTrue();
        assertThat(committed.outside()).singleElement().satisfies(c -> {
            assertThat(c.table()).isEqualTo("ledger");
            assertThat(c.writer()).isEqualTo(WalTransaction.Writer.TRIGGER_OR_CASCADE);
            assertThat(c.keyText()).isEqualTo("day=2026-03-01,ok=t");
        });
    }

    @Test
    void anUpdateThatMovesTheKeyReportsBothKeysAndADeleteItsOldKey() throws IOException {
        WalTransaction tx = transaction();
        tx.add(PgOutput.decode(update(1, new String[] {"7", null}, new String[] {"8", "1.00"})), relations);
        tx.add(PgOutput.decode(delete(1, "9", null)), relations);
        WalTransaction.Committed committed = tx.commit((PgOutput.Commit) PgOutput.decode(commit(0x400, 0x410)));
        assertThat(committed.outside()).extracting(c -> c.key().get("id")).containsExactly(7L, 8L, 9L);
    }

    @Test
    void aMirrorMarkMakesEveryChangeOwn() throws IOException {
        WalTransaction tx = transaction();
        tx.add(PgOutput.decode(message(WalTransaction.MIRROR_MARK)), relations);
        tx.add(PgOutput.decode(insert(1, "7", "10.50")), relations);
        assertThat(tx.commit((PgOutput.Commit) PgOutput.decode(commit(0x500, 0x510))).outside()).isEmpty();
        WalTransaction other = transaction();
        other.add(PgOutput.decode(message("someone.else")), relations);
        other.add(PgOutput.decode(insert(1, "7", "10.50")), relations);
        assertThat(other.commit((PgOutput.Commit) PgOutput.decode(commit(0x600, 0x610))).outside()).hasSize(1);
    }

    @Test
    void aTruncateIsReportedWithoutAKey() throws IOException {
        WalTransaction tx = transaction();
        tx.add(PgOutput.decode(truncate(1)), relations);
        assertThat(tx.commit((PgOutput.Commit) PgOutput.decode(commit(0x700, 0x710))).outside()).singleElement()
                .satisfies(c -> assertThat(c.key()).isNull());
    }

    @Test
    void everyChangeIsListedOnceAtItsLastPlaceAroundATruncate() throws IOException {
        WalTransaction tx = transaction();
        tx.add(PgOutput.decode(insert(1, "7", "10.50")), relations);
        tx.add(PgOutput.decode(insert(3, "1", "bank", "account", "id=7", "99", "2026-01-01")), relations); // own: mirrored
        tx.add(PgOutput.decode(insert(1, "8", "1.00")), relations);
        tx.add(PgOutput.decode(truncate(1)), relations);
        tx.add(PgOutput.decode(insert(1, "7", "2.00")), relations);
        WalTransaction.Committed committed = tx.commit((PgOutput.Commit) PgOutput.decode(commit(0x800, 0x810)));
        // capture: logical applies all of them, in this order: 8, then the TRUNCATE, then 7 (whose last change follows it)
        assertThat(committed.all()).extracting(c -> c.key() == null ? "TRUNCATE" : c.key().get("id"))
                .containsExactly(8L, "TRUNCATE", 7L);
        assertThat(committed.truncates()).isTrue();
        assertThat(committed.outside()).extracting(c -> c.key() == null ? "TRUNCATE" : c.key().get("id")).containsExactly(8L, "TRUNCATE");
    }

    @Test
    void numericKeysCompareByValue() throws IOException {
        TableDefinition priced = new TableDefinition("account", List.of(new ColumnDefinition("id", "numeric(10,2)", true, Optional.empty(), false)),
                List.of("id"), List.of());
        WalTransaction tx = new WalTransaction(Map.of("account", priced), 1);
        tx.add(PgOutput.decode(insert(3, "1", "bank", "account", "id=1.5", "99", "2026-01-01")), relations);
        tx.add(PgOutput.decode(insert(1, "1.50", "0")), relations);
        assertThat(tx.commit((PgOutput.Commit) PgOutput.decode(commit(0x800, 0x810))).outside()).isEmpty();
    }

    private WalTransaction transaction() {
        return new WalTransaction(Map.of("account", ACCOUNT, "ledger", LEDGER), 1);
    }

    // ---- pgoutput protocol version 1, as documented in "Logical Replication Message Formats"

    private static ByteBuffer relation(int id, String name, String... columns) throws IOException {
        return build(out -> {
            out.writeByte('R');
            out.writeInt(id);
            cstring(out, "public");
            cstring(out, name);
            out.writeByte('d');
            out.writeShort(columns.length);
            for (int i = 0; i < columns.length; i++) {
                boolean key = name.equals("ledger") ? i < 2 : i == 0;
                out.writeByte(key ? 1 : 0);
                cstring(out, columns[i]);
                out.writeInt(25);
                out.writeInt(-1);
            }
        });
    }

    private static ByteBuffer insert(int relation, String... values) throws IOException {
        return build(out -> {
            out.writeByte('I');
            out.writeInt(relation);
            out.writeByte('N');
            tuple(out, values);
        });
    }

    private static ByteBuffer update(int relation, String[] oldKey, String[] values) throws IOException {
        return build(out -> {
            out.writeByte('U');
            out.writeInt(relation);
            out.writeByte('K');
            tuple(out, oldKey);
            out.writeByte('N');
            tuple(out, values);
        });
    }

    private static ByteBuffer delete(int relation, String... key) throws IOException {
        return build(out -> {
            out.writeByte('D');
            out.writeInt(relation);
            out.writeByte('K');
            tuple(out, key);
        });
    }

    private static ByteBuffer truncate(int relation) throws IOException {
        return build(out -> {
            out.writeByte('T');
            out.writeInt(1);
            out.writeByte(0);
            out.writeInt(relation);
        });
    }

    private static ByteBuffer message(String prefix) throws IOException {
        return build(out -> {
            out.writeByte('M');
            out.writeByte(1);
            out.writeLong(0x123);
            cstring(out, prefix);
            out.writeInt(0);
        });
    }

    private static ByteBuffer commit(long commitLsn, long endLsn) throws IOException {
        return build(out -> {
            out.writeByte('C');
            out.writeByte(0);
            out.writeLong(commitLsn);
            out.writeLong(endLsn);
            out.writeLong(1_000_000);
        });
    }

    private static void tuple(DataOutputStream out, String[] values) throws IOException {
        out.writeShort(values.length);
        for (String value : values) {
            if (value == null) {
                out.writeByte('n');
            } else {
                byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
                out.writeByte('t');
                out.writeInt(bytes.length);
                out.write(bytes);
            }
        }
    }

    private static void cstring(DataOutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.writeByte(0);
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private static ByteBuffer build(Writer writer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        }
        return ByteBuffer.wrap(bytes.toByteArray());
    }
}
