package io.shardbridge.bridge.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardbridge.testing.TestDatabases;
import java.sql.Connection;
import java.sql.SQLDataException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The allocator alone, against the control store (always PostgreSQL): allocators that share nothing but
 * the control database — as instances in different processes do — hand out every key at most once under
 * contention, in blocks of one and of seven; a seed never lowers the space; the column's maximum is never
 * passed.
 */
class KeyAllocatorIT {
    private static final SequenceColumn COLUMN = new SequenceColumn("alloc_row", "id", "public.alloc_row_id_seq", Types.INTEGER, 5_000);

    private static DataSource control() throws Exception {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(TestDatabases.postgresUrl(TestDatabases.LEGACY));
        ds.setUser(TestDatabases.postgres().user());
        ds.setPassword(TestDatabases.postgres().password());
        io.shardbridge.bridge.control.ControlSchema.apply(ds);
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("DELETE FROM shardbridge_key_sequence WHERE unit_name = 'alloc'");
        }
        return ds;
    }

    @Test
    void allocatorsSharingOnlyTheControlStoreNeverIssueAKeyTwice() throws Exception {
        DataSource control = control();
        List<KeyAllocator> allocators = List.of(new KeyAllocator(control, c -> 100), new KeyAllocator(control, c -> 100),
                new KeyAllocator(control, c -> 100));
        Set<Long> issued = ConcurrentHashMap.newKeySet();
        List<Long> twice = new CopyOnWriteArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            KeyAllocator allocator = allocators.get(t % allocators.size());
            int blockSize = t % 2 == 0 ? 1 : 7;
            Thread thread = new Thread(() -> {
                try {
                    for (int i = 0; i < 300; i++) {
                        long key = allocator.next("alloc", COLUMN, 1, blockSize);
                        if (!issued.add(key)) {
                            twice.add(key);
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(60_000);
        }
        assertThat(failures).isEmpty();
        assertThat(twice).isEmpty();
        assertThat(issued).hasSize(1800).allSatisfy(k -> assertThat(k).isBetween(100L, 5_000L));
        long next = allocators.get(0).nextUnreserved("alloc", COLUMN).orElseThrow();
        assertThat(issued).allSatisfy(k -> assertThat(k).isLessThan(next));
    }

    @Test
    void aSeedOnlyRaisesTheSpaceAndTheMaximumIsNeverPassed() throws Exception {
        DataSource control = control();
        KeyAllocator allocator = new KeyAllocator(control, c -> 4_990);
        assertThat(allocator.seedAbove("alloc", COLUMN, 4_990)).isEqualTo(4_990);
        assertThat(allocator.seedAbove("alloc", COLUMN, 10)).as("a lower seed leaves the space where it is").isEqualTo(4_990);
        List<Long> keys = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            keys.add(allocator.next("alloc", COLUMN, 1, 4));
        }
        assertThat(keys).containsExactly(4_990L, 4_991L, 4_992L, 4_993L, 4_994L, 4_995L, 4_996L, 4_997L, 4_998L, 4_999L, 5_000L);
        assertThatThrownBy(() -> allocator.next("alloc", COLUMN, 1, 4)).isInstanceOf(SQLDataException.class)
                .hasMessageContaining("alloc_row.id").hasMessageContaining("exhausted").hasMessageContaining("TYPE bigint")
                .satisfies(e -> assertThat(((SQLDataException) e).getSQLState()).isEqualTo("22003"));
    }
}
