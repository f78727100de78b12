package io.shardbridge.sql;

import io.shardbridge.config.Dialect;
import java.util.List;

/**
 * What shardbridge knows about one SQL text once ShardingSphere's parser has read it: the one model the
 * migration layer's classifier, the fast-path planner, the subquery guard, the key filler and the CLI's
 * inventory all read, so none of them touches ShardingSphere's parse tree or statement classes. Built once
 * per dialect and text by {@link ParsedStatements}; immutable.
 *
 * <p>Exactly one of {@code select}, {@code insert}, {@code update}, {@code delete}, {@code ddl} is set for
 * those kinds; none for {@link Kind#OTHER} and {@link Kind#UNPARSEABLE}.
 *
 * @param dialect        the grammar the text was parsed with
 * @param sql            the text
 * @param kind           what the statement is
 * @param error          why the parser gave up, for {@link Kind#UNPARSEABLE}; else null
 * @param parameterCount how many parameter markers the statement has
 * @param markers        every parameter marker, in text order
 * @param tables         the tables ShardingSphere's extractor names (DML and other non-DDL statements)
 * @param select         a SELECT's model
 * @param insert         an INSERT's model
 * @param update         an UPDATE's model
 * @param delete         a DELETE's model
 * @param ddl            a DDL statement's model
 * @param syntax         PostgreSQL only: positions and names read off the parse tree ({@link PostgresSyntax#NONE} otherwise)
 * @param tableAccess    PostgreSQL only: the tables read and written, writable CTEs included; null when the grammar
 *                       could not read the text (see {@link #tableAccess()})
 */
public record ParsedStatement(Dialect dialect, String sql, Kind kind, String error, int parameterCount, List<Marker> markers,
                              NamedTables tables, Query select, InsertFacts insert, UpdateFacts update, DeleteFacts delete, DdlFacts ddl,
                              PostgresSyntax syntax, TableAccess tableAccess) {
    public ParsedStatement {
        markers = List.copyOf(markers);
    }

    /** What a statement is. */
    public enum Kind {
        SELECT, INSERT, UPDATE, DELETE, DDL, OTHER, UNPARSEABLE
    }

    /**
     * A parameter marker.
     *
     * @param start position of its first character
     * @param stop  position of its last character (inclusive)
     * @param index the parameter it binds, from 0
     */
    public record Marker(int start, int stop, int index) {
    }

    static ParsedStatement unparseable(Dialect dialect, String sql, String error, TableAccess tableAccess) {
        return new ParsedStatement(dialect, sql, Kind.UNPARSEABLE, error, 0, List.of(), NamedTables.NONE, null, null, null, null, null,
                PostgresSyntax.NONE, tableAccess);
    }

    public boolean parsed() {
        return kind != Kind.UNPARSEABLE;
    }

    /**
     * The tables the statement reads and writes, writable CTEs included (PostgreSQL, legacy's dialect). Read
     * from the grammar's tree alone, so a statement ShardingSphere's statement builder rejects (a SELECT with a
     * writable CTE) still answers; throws {@link IllegalArgumentException} naming the parser's complaint for
     * text the grammar cannot read, and {@link UnsupportedOperationException} for another dialect.
     */
    public TableAccess tableAccess() {
        if (dialect != Dialect.POSTGRESQL) {
            throw new UnsupportedOperationException("table access is read from PostgreSQL statements (legacy's); this one was parsed as " + dialect);
        }
        if (tableAccess == null) {
            throw new IllegalArgumentException(error);
        }
        return tableAccess;
    }

    /** The parameter indexes of the markers inside {@code start..stop}, in text order. */
    public List<Integer> parametersWithin(int start, int stop) {
        return markers.stream().filter(m -> m.start() >= start && m.stop() <= stop).map(Marker::index).toList();
    }

    /** The start of the last parameter marker, or -1 without any. */
    public int lastMarkerStart() {
        return markers.isEmpty() ? -1 : markers.get(markers.size() - 1).start();
    }
}
