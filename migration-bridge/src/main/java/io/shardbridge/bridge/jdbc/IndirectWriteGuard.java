package io.shardbridge.bridge.jdbc;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.shardbridge.bridge.catalog.IndirectWriters;
import io.shardbridge.bridge.unit.MigrationUnits;
import io.shardbridge.bridge.unit.UnitState;
import io.shardbridge.bridge.sql.StatementKind;
import io.shardbridge.bridge.sql.StatementShape;
import io.shardbridge.sql.PostgresSyntax;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds, before a statement runs, a write to a migrating table that the statement does not make in its
 * own INSERT/UPDATE/DELETE target — so capture cannot see it: a function or procedure that writes it
 * ({@code SELECT f(5)}, {@code CALL p(6)}), an updatable view over it, a data-changing WITH body, a SQL
 * {@code PREPARE} of a write, a {@code COPY … FROM}, or a statement the parser cannot read that names
 * such a routine or view. {@link StatementRouter} refuses what this finds once the unit is past
 * LEGACY_ONLY: every write path is captured or refused, never run unseen (DESIGN §5.6).
 *
 * <p>The catalog side ({@link IndirectWriters}) is read from legacy and kept for 30 seconds, so a
 * routine or view created while the service runs is known within that time.
 */
final class IndirectWriteGuard {
    private static final Logger LOG = LoggerFactory.getLogger(IndirectWriteGuard.class);
    private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

    /** A write the statement would make unseen: the unit table, what writes it, and what to do instead. */
    record Found(UnitState unit, String table, String what, String fix) {
    }

    private final MigrationUnits units;
    private final LoadingCache<Boolean, IndirectWriters> catalog;

    IndirectWriteGuard(MigrationUnits units, DataSource legacy) {
        this.units = units;
        Set<String> tables = new LinkedHashSet<>();
        units.all().forEach(u -> tables.addAll(u.tables()));
        this.catalog = Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(30)).build(k -> read(legacy, tables));
    }

    private static IndirectWriters read(DataSource legacy, Set<String> tables) {
        if (tables.isEmpty()) {
            return IndirectWriters.NONE;
        }
        try (Connection c = legacy.getConnection()) {
            return IndirectWriters.read(c, tables);
        } catch (SQLException e) {
            LOG.warn("cannot read legacy's catalog for functions, procedures and views over migrating tables ({}); statements calling "
                    + "them are not checked until it can be read", e.getMessage());
            return IndirectWriters.NONE;
        }
    }

    /** The first unseen write to a migrating table, or null. */
    Found find(String sql, StatementShape shape) {
        if (shape == null) {
            return null;
        }
        IndirectWriters writers = catalog.get(Boolean.TRUE);
        PostgresSyntax syntax = shape.syntax();
        if (shape.kind() == StatementKind.UNPARSEABLE) {
            return findInText(sql, !io.shardbridge.bridge.sql.LexicalRead.isRead(sql)); // a plain read through a view writes nothing
        }
        if (syntax.procedure() != null) {
            Found found = routine(writers, syntax.procedure(), "procedure " + syntax.procedure());
            if (found != null) {
                return found;
            }
        }
        for (String function : syntax.functions()) {
            Found found = routine(writers, function, "function " + function);
            if (found != null) {
                return found;
            }
        }
        if (shape.writtenTable() != null && writers.viewOver(shape.writtenTable()) != null) {
            return view(writers, shape.writtenTable());
        }
        for (String table : syntax.cteWrites()) {
            String what = syntax.prepared() != null ? "a SQL PREPARE of a write to " + table : "a data-changing WITH body on " + table;
            String fix = syntax.prepared() != null ? "use the driver's prepared statements (Connection.prepareStatement) instead of SQL PREPARE"
                    : "run the data-changing part as its own statement";
            UnitState unit = units.ofTable(table);
            if (unit != null) {
                return new Found(unit, table, what, fix);
            }
            if (writers.viewOver(table) != null) {
                return view(writers, table);
            }
        }
        if (syntax.copyTable() != null) {
            String table = writers.viewOver(syntax.copyTable()) != null ? writers.viewOver(syntax.copyTable()) : syntax.copyTable();
            UnitState unit = units.ofTable(table);
            if (unit != null) {
                return new Found(unit, table, "COPY " + syntax.copyTable() + " FROM", "load the rows with INSERT (batches) through the layer, "
                        + "or load them before DUAL_WRITE: the backfill copies them");
            }
        }
        return null;
    }

    /**
     * For text the parser cannot read (a DO block, a JDBC {@code {call p(?)}} escape): any word that names
     * a routine writing a migrating table, or a view over one. Over-approximates: a word in a literal counts.
     */
    Found findInText(String sql, boolean views) {
        IndirectWriters writers = catalog.get(Boolean.TRUE);
        Matcher m = WORD.matcher(sql);
        while (m.find()) {
            String word = m.group().toLowerCase(Locale.ROOT);
            Found found = views ? routineOrView(writers, word, "a statement the parser cannot read") : routine(writers, word,
                    "function or procedure " + word + " in a statement the parser cannot read");
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private Found routineOrView(IndirectWriters writers, String name, String where) {
        Found found = routine(writers, name, "function or procedure " + name + " in " + where);
        return found != null ? found : writers.viewOver(name) != null ? view(writers, name) : null;
    }

    private Found routine(IndirectWriters writers, String name, String what) {
        String table = writers.routineWriting(name);
        UnitState unit = table == null ? null : units.ofTable(table);
        return unit == null ? null : new Found(unit, table, what, "writes made inside a function or procedure cannot be captured; send its "
                + "INSERT/UPDATE/DELETE statements through the layer instead (or move the unit back to LEGACY_ONLY while it must run)");
    }

    private Found view(IndirectWriters writers, String view) {
        String table = writers.viewOver(view);
        UnitState unit = units.ofTable(table);
        return unit == null ? null : new Found(unit, table, "view " + view + " over it", "write table " + table + " itself");
    }
}
