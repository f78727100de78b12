package io.shardbridge.sql;

import io.shardbridge.config.Dialect;
import org.apache.shardingsphere.sql.parser.api.CacheOption;
import org.apache.shardingsphere.sql.parser.api.SQLParserEngine;
import org.apache.shardingsphere.sql.parser.api.SQLStatementVisitorEngine;
import org.apache.shardingsphere.sql.parser.statement.core.statement.SQLStatement;

/**
 * ShardingSphere's SQL parser used standalone (about 25 µs a parse): the statement model the fast path,
 * the subquery guard and the migration layer's classifier read. Callers cache what they derive from it by
 * SQL text; a service sends a few hundred distinct texts, each millions of times.
 */
public final class SqlParser {
    private final SQLParserEngine parser;
    private final SQLStatementVisitorEngine visitor;
    private final Dialect dialect;

    public SqlParser(Dialect dialect) {
        this.dialect = dialect;
        this.parser = new SQLParserEngine(dialect.shardingSphereName(), new CacheOption(128, 1024L));
        this.visitor = new SQLStatementVisitorEngine(dialect.shardingSphereName());
    }

    /** The statement; throws ShardingSphere's RuntimeException for text it cannot parse. */
    public SQLStatement parse(String sql) {
        return visitor.visit(parser.parse(sql, false));
    }

    /**
     * The tables the statement reads and writes, writable CTEs included (PostgreSQL, legacy's dialect);
     * throws ShardingSphere's RuntimeException for text it cannot parse.
     */
    public TableAccess tableAccess(String sql) {
        if (dialect != Dialect.POSTGRESQL) {
            throw new UnsupportedOperationException("tableAccess reads PostgreSQL statements (legacy's); this parser is for " + dialect);
        }
        return PostgresTableAccess.of(parser.parse(sql, false).getRootNode());
    }
}
