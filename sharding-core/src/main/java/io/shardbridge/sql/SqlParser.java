package io.shardbridge.sql;

import io.shardbridge.config.Dialect;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;
import org.apache.shardingsphere.sql.parser.api.CacheOption;
import org.apache.shardingsphere.sql.parser.api.SQLParserEngine;
import org.apache.shardingsphere.sql.parser.api.SQLStatementVisitorEngine;
import org.apache.shardingsphere.sql.parser.core.ParseASTNode;
import org.apache.shardingsphere.sql.parser.statement.core.statement.SQLStatement;

/**
 * ShardingSphere's SQL parser used standalone (about 25 µs a parse) and everything read from one parse:
 * the grammar's tree (PostgreSQL: detached as {@link SqlNode} and read by {@link PostgresSyntaxReader} and
 * {@link PostgresTableAccess}), ShardingSphere's statement (read by {@link StatementModelReader}), folded
 * into one {@link ParsedStatement}. Not cached here: {@link ParsedStatements} is the one cache.
 *
 * <p>A text the grammar cannot read, or whose statement ShardingSphere cannot build, is
 * {@link ParsedStatement.Kind#UNPARSEABLE} with the parser's message; its PostgreSQL table access is still
 * read when the grammar read it (a SELECT with a writable CTE parses but does not build).
 */
final class SqlParser {
    private final SQLParserEngine parser;
    private final SQLStatementVisitorEngine visitor;
    private final Dialect dialect;

    SqlParser(Dialect dialect) {
        this.dialect = dialect;
        this.parser = new SQLParserEngine(dialect.shardingSphereName(), new CacheOption(128, 1024L));
        this.visitor = new SQLStatementVisitorEngine(dialect.shardingSphereName());
    }

    ParsedStatement parse(String sql) {
        ParseASTNode ast;
        try {
            ast = parser.parse(sql, false);
        } catch (RuntimeException e) {
            return ParsedStatement.unparseable(dialect, sql, message(e), null);
        }
        SqlNode tree = null;
        TableAccess access = null;
        if (dialect == Dialect.POSTGRESQL) {
            tree = node(ast.getRootNode());
            access = PostgresTableAccess.of(tree);
        }
        try {
            SQLStatement statement = visitor.visit(ast);
            PostgresSyntax syntax = tree == null ? PostgresSyntax.NONE : PostgresSyntaxReader.read(tree, sql);
            StatementModelReader.Parts parts = StatementModelReader.read(statement, sql);
            return new ParsedStatement(dialect, sql, parts.kind(), null, parts.parameterCount(), parts.markers(), parts.tables(), parts.select(),
                    parts.insert(), parts.update(), parts.delete(), parts.ddl(), syntax, access);
        } catch (RuntimeException e) {
            return ParsedStatement.unparseable(dialect, sql, message(e), access);
        }
    }

    /** Parses without reading anything off the result: loads the grammar and fills ANTLR's shared caches. */
    void warmUp(String sql) {
        visitor.visit(parser.parse(sql, false));
    }

    private static String message(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
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
