package io.shardbridge.bridge.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.bridge.testing.BridgeFixture;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.sharding.PhysicalTable;
import io.shardbridge.testing.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue #4, item 4: every common PostgreSQL type, edge values and NULL in every column, backfilled to
 * the shards and verified equal; a changed value in every column is caught; a value the target cannot
 * hold (NaN on MySQL) is refused with a clear error rather than altered.
 */
abstract class TypeFidelityContract {
    static final List<String> COLUMNS = List.of("i2", "i4", "i8", "n", "r", "d", "t", "v", "c", "b", "dt", "tm", "ts", "tz", "by", "j", "jb", "u");

    abstract Dialect dialect();

    @Test
    void everyTypeSurvivesBackfillAndEveryChangedValueIsCaught() throws SQLException {
        BridgeFixture fixture = BridgeFixture.get(dialect());
        BridgeDataSource ds = fixture.dataSource();
        fixture.reset("types", MigrationPhase.LEGACY_ONLY, "type_row");
        try (Connection c = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = c.createStatement()) {
            st.execute("INSERT INTO type_row (id) VALUES (1)"); // NULL in every column
            st.execute("""
                    INSERT INTO type_row VALUES (2, -32768, 2147483647, -9223372036854775808, 1234567890123456789012345678.1234567890,
                      1.5, -2.25e-300, '汉字 emoji 🙂 '' " \\ end', 'varchar', 'ab', true, '1999-12-31', '23:59:59.999999',
                      '2026-03-29 01:30:00.123456', '2026-03-29 01:30:00.654321+01', '\\x00ff00'::bytea,
                      '{"b": 1, "a": [1, 2]}', '{"z": null, "a": "x"}', '6f1c2d1e-9a5b-4c3d-8e7f-001122334455')""");
            st.execute("""
                    INSERT INTO type_row VALUES (3, 0, 0, 0, 0.0000000001, 0, 0, '', '', ' ', false, '0001-01-01', '00:00:00',
                      '1970-01-01 00:00:00', '1970-01-01 00:00:00+00', ''::bytea, '[]', '{}', '00000000-0000-0000-0000-000000000000')""");
        }
        fixture.walk("types", MigrationPhase.DUAL_WRITE);
        ds.bridge().backfill("types").restart(true).run(p -> { });
        VerifyReport equal = ds.bridge().verifier("types").recheckAfter(Duration.ZERO).run();
        assertThat(equal.differences()).as(equal.summary()).isEmpty();
        assertThat(equal.rowsCompared()).containsEntry("type_row", 3L);

        PhysicalTable physical = fixture.layout("type_row").locate(2L);
        try (Connection c = fixture.shardConnection(physical.shard()); Statement st = c.createStatement()) {
            st.executeUpdate((dialect() == Dialect.MYSQL ? """
                    UPDATE %s SET i2 = i2 + 1, i4 = i4 - 1, i8 = i8 + 1, n = n + 0.0000000001, r = 1.25, d = 3, t = CONCAT(t, 'x'),
                      v = 'varchaR', c = 'ac', b = NOT b, dt = '2000-01-01', tm = '23:59:59.999998', ts = '2026-03-29 01:30:00.123457',
                      tz = '2026-03-29 00:30:00.654322', `by` = X'00FF01', j = '{"b": 1, "a": [1, 3]}', jb = '{"a": "x", "z": 0}',
                      u = '6f1c2d1e-9a5b-4c3d-8e7f-001122334456' WHERE id = 2"""
                    : """
                    UPDATE %s SET i2 = i2 + 1, i4 = i4 - 1, i8 = i8 + 1, n = n + 0.0000000001, r = 1.25, d = 3, t = t || 'x',
                      v = 'varchaR', c = 'ac', b = NOT b, dt = '2000-01-01', tm = '23:59:59.999998', ts = '2026-03-29 01:30:00.123457',
                      tz = '2026-03-29 01:30:00.654322+01', by = '\\x00ff01'::bytea, j = '{"b": 1, "a": [1, 3]}', jb = '{"a": "x", "z": 0}',
                      u = '6f1c2d1e-9a5b-4c3d-8e7f-001122334456' WHERE id = 2""").formatted(physical.table()));
        }
        VerifyReport changed = ds.bridge().verifier("types").recheckAfter(Duration.ZERO).run();
        assertThat(changed.differences()).hasSize(1);
        assertThat(changed.differences().get(0).columns()).containsExactlyElementsOf(COLUMNS);
        ds.bridge().repair("types", changed);
        assertThat(ds.bridge().verifier("types").recheckAfter(Duration.ZERO).run().differences()).isEmpty();

        try (Connection c = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = c.createStatement()) {
            st.execute("INSERT INTO type_row (id, r, d) VALUES (4, 'NaN', '-Infinity')");
        }
        if (dialect() == Dialect.MYSQL) {
            assertThatThrownBy(() -> ds.bridge().backfill("types").restart(true).run(p -> { }))
                    .hasMessageContaining("type_row").hasMessageContaining("cannot be stored on MySQL shards");
        } else {
            ds.bridge().backfill("types").restart(true).run(p -> { });
            assertThat(ds.bridge().verifier("types").recheckAfter(Duration.ZERO).run().differences()).isEmpty();
        }
    }
}
