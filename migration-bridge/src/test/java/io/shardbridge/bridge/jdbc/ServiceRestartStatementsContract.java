package io.shardbridge.bridge.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardbridge.bridge.testing.BridgeFixture;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an existing Spring/Hibernate service sends on every start and every page, in every phase: schema
 * scripts ({@code spring.sql.init}: {@code CREATE … IF NOT EXISTS} of tables and indexes that exist) pass as the
 * no-ops they are while any other DDL on a migrating table stays refused; Hibernate's paged search with
 * {@code escape '\'} runs in every phase; a read the router's parser cannot read runs on legacy while legacy is
 * authoritative and is refused, naming why, from LIVE on.
 */
abstract class ServiceRestartStatementsContract {
    static final String PAGED_SEARCH = "select c1_0.id,c1_0.note from chaos_row c1_0 where c1_0.note like ? escape '\\' "
            + "offset ? rows fetch first ? rows only";
    BridgeFixture fixture;
    BridgeDataSource ds;

    abstract Dialect dialect();

    @BeforeEach
    void setUp() throws SQLException {
        fixture = BridgeFixture.get(dialect());
        ds = fixture.dataSource();
        fixture.reset("chaos", MigrationPhase.DUAL_WRITE, "chaos_row"); // the rows reach both sides
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO chaos_row (id, grp, val, note) VALUES (1, 1, 10, 'a_b'), (2, 1, 20, 'axb'), (3, 2, 30, 'a_c')");
        }
    }

    @Test
    void schemaScriptsRunOnEveryStartInEveryPhase() throws SQLException {
        for (MigrationPhase phase : List.of(MigrationPhase.DUAL_WRITE, MigrationPhase.SHADOW, MigrationPhase.LIVE, MigrationPhase.RAMP_DOWN)) {
            fixture.walk("chaos", phase);
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS chaos_row (id bigint PRIMARY KEY, grp integer NOT NULL, val bigint NOT NULL, note text, "
                        + "updated_at timestamptz NOT NULL DEFAULT now())");
                st.execute("  create index if not exists chaos_row_grp on chaos_row (grp)");
                c.setAutoCommit(false);
                st.execute("CREATE TABLE IF NOT EXISTS chaos_row (id bigint PRIMARY KEY)"); // inside a transaction too
                c.commit();
                c.setAutoCommit(true);
                assertThatThrownBy(() -> st.execute("CREATE INDEX IF NOT EXISTS chaos_row_by_val ON chaos_row (val)"))
                        .as(phase + ": an index that does not exist would change a migrating table")
                        .isInstanceOf(SQLException.class).hasMessageContaining("DDL").hasMessageContaining("chaos")
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"));
            }
        }
        try (Connection legacy = fixture.legacy().getConnection(); Statement st = legacy.createStatement();
             ResultSet rs = st.executeQuery("SELECT to_regclass('chaos_row_by_val') IS NULL")) {
            rs.next();
            assertThat(rs.getBoolean(1)).as("nothing was run").isTrue();
        }
    }

    @Test
    void hibernatesPagedSearchWithEscapeRunsInEveryPhase() throws SQLException {
        for (MigrationPhase phase : List.of(MigrationPhase.DUAL_WRITE, MigrationPhase.SHADOW, MigrationPhase.LIVE, MigrationPhase.RAMP_DOWN)) {
            fixture.walk("chaos", phase);
            if (dialect() == Dialect.POSTGRESQL || !phase.targetIsAuthoritative()) { // MySQL reads '\\' in ESCAPE as an escape: not portable
                assertThat(search()).as(phase.name()).containsExactly(1L, 3L);
            }
        }
    }

    @Test
    void literalsWithABackslashAreWrittenAsWrittenInEveryPhase() throws SQLException {
        long id = 100;
        for (MigrationPhase phase : List.of(MigrationPhase.DUAL_WRITE, MigrationPhase.SHADOW, MigrationPhase.LIVE, MigrationPhase.RAMP_DOWN)) {
            fixture.walk("chaos", phase);
            if (dialect() == Dialect.MYSQL && phase.targetIsAuthoritative()) {
                continue; // the service's own SQL runs on MySQL from LIVE on, where a backslash in a literal is an escape
            }
            id++;
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                assertThat(st.executeUpdate("INSERT INTO chaos_row (id, grp, val, note) VALUES (" + id + ", 7, 1, 'C:\\temp\\x ''q'' \\n')"))
                        .isEqualTo(1);
                assertThat(st.executeUpdate("UPDATE chaos_row SET note = note || '\\' WHERE id = " + id + " AND note LIKE '%\\n' ESCAPE '!'"))
                        .isEqualTo(1);
            }
        }
        fixture.dataSource().bridge().awaitMirrored();
        try (Connection legacy = fixture.legacy().getConnection(); Statement st = legacy.createStatement();
             ResultSet rs = st.executeQuery("SELECT DISTINCT note FROM chaos_row WHERE grp = 7")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("C:\\temp\\x 'q' \\n\\");
            assertThat(rs.next()).as("one value in every phase").isFalse();
        }
        assertThat(fixture.targetRows("chaos_row")).containsExactlyInAnyOrderElementsOf(fixture.legacyRows("chaos_row"));
    }

    @Test
    void aReadTheParserCannotReadRunsWhileLegacyIsAuthoritativeAndIsRefusedFromLive() throws SQLException {
        for (MigrationPhase phase : List.of(MigrationPhase.DUAL_WRITE, MigrationPhase.SHADOW)) {
            fixture.walk("chaos", phase);
            assertThat(unparseableRead()).as(phase.name()).containsExactly(2L);
        }
        fixture.walk("chaos", MigrationPhase.LIVE);
        assertThatThrownBy(this::unparseableRead).isInstanceOf(SQLException.class).hasMessageContaining("cannot classify")
                .hasMessageContaining("LIVE").satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42601"));
    }

    /** PostgreSQL runs it; the router's parser (ShardingSphere 5.5.2) cannot read {@code ::text ilike any (array[?])}. */
    private List<Long> unparseableRead() throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select id from chaos_row where note::text ilike any (array[?]) order by id")) {
            ps.setString(1, "AX%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    private List<Long> search() throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(PAGED_SEARCH)) {
            ps.setString(1, "a\\_%");
            ps.setInt(2, 0);
            ps.setInt(3, 10);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }
}
