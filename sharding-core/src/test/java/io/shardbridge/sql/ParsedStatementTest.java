package io.shardbridge.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardbridge.config.Dialect;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parsed-statement model over many SQL shapes: what every reader of {@link ParsedStatements} relies on. */
class ParsedStatementTest {
    private final ParsedStatements parsed = new ParsedStatements(1_000);

    private ParsedStatement pg(String sql) {
        return parsed.get(Dialect.POSTGRESQL, sql);
    }

    @Test
    void oneEntryPerDialectAndText() {
        String sql = "SELECT status FROM orders WHERE user_id = ?";
        assertThat(pg(sql)).isSameAs(pg(sql));
        assertThat(parsed.get(Dialect.MYSQL, sql)).isNotSameAs(pg(sql));
        assertThat(parsed.size()).isEqualTo(2);
        assertThat(parsed.get(Dialect.MYSQL, sql).syntax()).isSameAs(PostgresSyntax.NONE);
    }

    @Test
    void aSelectByKeyWithBlanksAndComments() {
        String sql = "/* lead */  SELECT status\n  FROM   orders   -- note ?\n WHERE user_id = ?   ";
        ParsedStatement s = pg(sql);
        assertThat(s.kind()).isEqualTo(ParsedStatement.Kind.SELECT);
        assertThat(s.parameterCount()).isEqualTo(1);
        assertThat(s.markers()).extracting(ParsedStatement.Marker::start).containsExactly(sql.lastIndexOf('?'));
        TableRef orders = s.select().singleTable();
        assertThat(orders.name()).isEqualTo("orders");
        assertThat(sql.substring(orders.start(), orders.stop() + 1)).isEqualTo("orders");
        assertThat(orders.openQuote()).isEmpty();
        Where where = s.select().where();
        assertThat(sql.substring(where.start(), where.stop() + 1)).isEqualTo("WHERE user_id = ?");
        assertThat(where.orBranches()).hasSize(1);
        Where.Comparison c = where.orBranches().get(0).get(0).comparison();
        assertThat(c.left()).isEqualTo(new ColumnRef("user_id", null));
        assertThat(c.right()).isEqualTo(new SqlValue.Parameter(0));
        assertThat(s.tables().onlyTable("ORDERS")).isTrue();
        assertThat(s.syntax().relations()).containsExactly("orders");
    }

    @Test
    void quotedAndSchemaQualifiedNamesWithAliases() {
        String sql = "SELECT o.\"Status\" FROM public.\"Orders\" AS o WHERE o.user_id = 7 OR o.user_id = 7";
        ParsedStatement s = pg(sql);
        TableRef t = s.select().singleTable();
        assertThat(t.name()).isEqualTo("Orders");
        assertThat(t.lowerName()).isEqualTo("orders");
        assertThat(t.alias()).isEqualTo("o");
        assertThat(sql.substring(t.start(), t.stop() + 1)).isEqualTo("\"Orders\"");
        assertThat(t.openQuote()).isEqualTo("\"");
        assertThat(t.closeQuote()).isEqualTo("\"");
        assertThat(s.select().where().orBranches()).hasSize(2);
        assertThat(s.select().where().orBranches().get(1).get(0).comparison())
                .isEqualTo(new Where.Comparison(new ColumnRef("user_id", "o"), new SqlValue.Literal(7)));
        assertThat(s.syntax().relations()).containsExactly("Orders");
        assertThat(s.tableAccess().read()).containsExactly("Orders");
    }

    @Test
    void mysqlBackquotesAreTheQuotesARewriteKeeps() {
        String sql = "SELECT * FROM `orders` WHERE `user_id` = ?";
        TableRef t = parsed.get(Dialect.MYSQL, sql).select().singleTable();
        assertThat(t.name()).isEqualTo("orders");
        assertThat(t.openQuote()).isEqualTo("`");
        assertThat(sql.substring(t.start(), t.stop() + 1)).isEqualTo("`orders`");
        assertThatThrownBy(() -> parsed.get(Dialect.MYSQL, sql).tableAccess()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void anInsertsColumnsRowsAndUpsert() {
        String sql = "INSERT INTO orders (order_id, user_id, note) VALUES (?, 5, lower(?)), (?, ?, 'x') "
                + "ON CONFLICT (order_id) DO UPDATE SET note = EXCLUDED.note RETURNING order_id";
        ParsedStatement s = pg(sql);
        InsertFacts insert = s.insert();
        assertThat(insert.table().name()).isEqualTo("orders");
        assertThat(insert.columns()).containsExactly("order_id", "user_id", "note");
        assertThat(sql.charAt(insert.columnsStop())).isEqualTo(')');
        assertThat(insert.lastColumnStop()).isEqualTo(sql.indexOf("note)") + 3);
        assertThat(insert.rows()).hasSize(2);
        assertThat(insert.rows().get(0).values()).extracting(InsertFacts.Item::value)
                .containsExactly(new SqlValue.Parameter(0), new SqlValue.Literal(5), new SqlValue.Expression("lower(?)"));
        assertThat(insert.onDuplicateKey()).extracting(Assignment::columns).containsExactly(List.of("note"));
        assertThat(insert.select()).isFalse();
        assertThat(s.parameterCount()).isEqualTo(4);
        assertThat(s.lastMarkerStart()).isEqualTo(sql.lastIndexOf('?'));
        assertThat(s.syntax().conflictTarget()).containsExactly("order_id");
        assertThat(s.syntax().conflictDoUpdate()).isTrue();
        assertThat(s.tableAccess().written()).containsExactly("orders");
    }

    @Test
    void anUpdatesAssignmentsAndTopLevelEqualities() {
        String sql = "UPDATE acct a SET balance = balance + ?, status = 'x' WHERE a.user_id = ? AND (a.id = 1 OR a.id = 2) AND kind = ?";
        ParsedStatement s = pg(sql);
        UpdateFacts update = s.update();
        assertThat(update.table().name()).isEqualTo("acct");
        assertThat(update.table().alias()).isEqualTo("a");
        assertThat(update.assignments()).extracting(Assignment::columns).containsExactly(List.of("balance"), List.of("status"));
        assertThat(update.where().andEqualities()).extracting(e -> e.column().name()).containsExactly("user_id", "kind");
        assertThat(update.where().orBranches()).hasSize(2);
        assertThat(s.parametersWithin(update.where().start(), update.where().stop())).containsExactly(1, 2);
        assertThat(s.syntax().alias()).isEqualTo("a");
        assertThat(s.syntax().setClauses()).extracting(PostgresSyntax.SetClause::column).containsExactly("balance", "status");
    }

    @Test
    void joinsAndMultiTableDeletesHaveNoSingleTable() {
        assertThat(pg("UPDATE orders SET status = c.card_no FROM card c WHERE orders.user_id = c.user_id").update().from()).isTrue();
        ParsedStatement using = pg("DELETE FROM orders o USING card c WHERE o.user_id = c.user_id");
        assertThat(using.syntax().joins()).isTrue();
        assertThat(using.tableAccess().written()).containsExactly("orders");
        assertThat(using.tableAccess().read()).containsExactly("card");
        assertThat(pg("SELECT * FROM orders o JOIN card c ON o.user_id = c.user_id").select().from()).isInstanceOf(Query.From.Join.class);
    }

    @Test
    void subqueriesAreListedWithTheirOwnFromAndWhere() {
        String sql = "SELECT * FROM orders o WHERE o.user_id IN (SELECT c.user_id FROM card c WHERE c.card_id = ?) AND o.user_id = ?";
        Query outer = pg(sql).select();
        assertThat(outer.subqueriesRead()).isTrue();
        assertThat(outer.subqueries()).hasSize(1);
        Query.Subquery sub = outer.subqueries().get(0);
        assertThat(sub.select().singleTable().name()).isEqualTo("card");
        assertThat(sub.select().projectionCount()).isEqualTo(1);
        assertThat(sub.select().firstColumn()).isEqualTo(new ColumnRef("user_id", "c"));
        Where.InSubquery in = outer.where().orBranches().get(0).get(0).inSubquery();
        assertThat(in.subqueryStart()).isEqualTo(sub.start());
        assertThat(in.left()).isEqualTo(new ColumnRef("user_id", "o"));
        Query derived = pg("SELECT * FROM (SELECT * FROM orders WHERE user_id = ?) x").select();
        assertThat(derived.from()).isInstanceOf(Query.From.Derived.class);
    }

    @Test
    void ctesAreNotTablesAndTheirWritesAreSeen() {
        String sql = "WITH gone AS (DELETE FROM orders WHERE user_id = ? RETURNING *) INSERT INTO archive SELECT * FROM gone";
        ParsedStatement s = pg(sql);
        assertThat(s.syntax().hasWith()).isTrue();
        assertThat(s.syntax().cteNames()).containsExactly("gone");
        assertThat(s.syntax().cteWrites()).containsExactly("orders");
        assertThat(s.syntax().relations()).containsExactlyInAnyOrder("orders", "archive");
        assertThat(s.tableAccess().written()).containsExactlyInAnyOrder("orders", "archive");
        assertThat(s.tableAccess().read()).isEmpty();
        ParsedStatement read = pg("WITH t AS (SELECT * FROM orders WHERE user_id = 1) SELECT * FROM t");
        assertThat(read.select().with()).isTrue();
        assertThat(read.tableAccess().read()).containsExactly("orders");
    }

    @Test
    void aSelectWithAWritableCteDoesNotBuildButItsTablesAreStillRead() {
        ParsedStatement s = pg("WITH d AS (DELETE FROM orders WHERE user_id = 1 RETURNING *) SELECT count(*) FROM d");
        if (!s.parsed()) {
            assertThat(s.error()).isNotBlank();
        }
        assertThat(s.tableAccess().written()).containsExactly("orders");
    }

    @Test
    void ddlNamesItsTables() {
        assertThat(pg("CREATE TABLE IF NOT EXISTS t_x (id int primary key)").ddl().createdIfMissing()).isEqualTo("t_x");
        assertThat(pg("ALTER TABLE Orders ADD COLUMN note text").ddl().tables()).containsExactly("orders");
        assertThat(pg("DROP TABLE orders, card").ddl().tables()).containsExactlyInAnyOrder("orders", "card");
        assertThat(pg("CREATE INDEX IF NOT EXISTS ix_o ON orders (status)").ddl().createdIfMissing()).isEqualTo("ix_o");
    }

    @Test
    void otherStatementsAndFunctions() {
        assertThat(pg("CALL close_day(6)").syntax().procedure()).isEqualTo("close_day");
        assertThat(pg("SELECT public.bill(?) FROM dual_t").syntax().functions()).contains("bill");
        assertThat(pg("COPY orders FROM STDIN").syntax().copyTable()).isEqualTo("orders");
        assertThat(pg("TRUNCATE orders, public.card").tableAccess().written()).containsExactlyInAnyOrder("orders", "card");
    }

    @Test
    void aStatementShardingSphereBuildsNothingForIsOtherNotUnparseable() {
        ParsedStatement s = pg("CREATE TRIGGER audit AFTER INSERT ON invoice FOR EACH ROW EXECUTE FUNCTION log_invoice()");
        assertThat(s.kind()).isEqualTo(ParsedStatement.Kind.OTHER);
        assertThat(s.syntax().functions()).containsExactly("log_invoice");
    }

    @Test
    void badSqlIsUnparseableWithTheParsersMessageNotAnException() {
        ParsedStatement s = pg("SELEC nonsense");
        assertThat(s.kind()).isEqualTo(ParsedStatement.Kind.UNPARSEABLE);
        assertThat(s.parsed()).isFalse();
        assertThat(s.error()).isNotBlank();
        assertThat(s.syntax()).isSameAs(PostgresSyntax.NONE);
        assertThatThrownBy(s::tableAccess).isInstanceOf(IllegalArgumentException.class).hasMessage(s.error());
    }
}
