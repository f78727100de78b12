package io.shardbridge.sql;

import io.shardbridge.config.Dialect;
import org.apache.shardingsphere.sql.parser.api.CacheOption;
import org.apache.shardingsphere.sql.parser.api.SQLParserEngine;
import org.apache.shardingsphere.sql.parser.api.SQLStatementVisitorEngine;
import org.apache.shardingsphere.sql.parser.statement.core.statement.SQLStatement;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;
import java.util.ArrayList;
import java.util.List;

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

    /** The statement and its parse tree (token positions for rewriting), from one parse. */
    public Parsed parseWithTree(String sql) {
        var ast = parser.parse(sql, false);
        return new Parsed(visitor.visit(ast), node(ast.getRootNode()));
    }

    /** A statement with the parse tree it came from. */
    public record Parsed(SQLStatement statement, SqlNode tree) {
    }

    private static SqlNode node(ParseTree tree) {
        if (tree instanceof TerminalNode terminal) {
            var token = terminal.getSymbol();
            return new SqlNode(null, token.getText(), token.getStartIndex(), token.getStopIndex(), List.of());
        }
        List<SqlNode> children = new ArrayList<>(tree.getChildCount());
        for (int i = 0; i < tree.getChildCount(); i++) {
            ParseTree child = tree.getChild(i);
            if (child instanceof TerminalNode t && t.getSymbol().getType() < 0) {
                continue; // EOF
            }
            children.add(node(child));
        }
        String rule = tree.getClass().getSimpleName();
        rule = rule.endsWith("Context") ? rule.substring(0, rule.length() - "Context".length()) : rule;
        int start = -1;
        int stop = -2;
        if (tree instanceof ParserRuleContext context && context.getStart() != null) {
            start = context.getStart().getStartIndex();
            stop = context.getStop() == null || context.getStop().getType() < 0 ? start - 1 : context.getStop().getStopIndex();
        }
        if (!children.isEmpty()) {
            start = children.get(0).start();
            stop = children.get(children.size() - 1).stop();
        }
        return new SqlNode(rule, null, start, stop, children);
    }
}
