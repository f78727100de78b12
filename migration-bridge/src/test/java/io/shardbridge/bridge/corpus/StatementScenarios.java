package io.shardbridge.bridge.corpus;

import static io.shardbridge.config.MigrationPhase.DUAL_WRITE;
import static io.shardbridge.config.MigrationPhase.LIVE;
import static io.shardbridge.config.MigrationPhase.SHADOW;

import java.math.BigDecimal;
import java.util.List;

/**
 * The statement corpus: SQL shapes real services send (JdbcTemplate, Hibernate, MyBatis XML mappers,
 * jOOQ, benchmark harnesses, hand-written SQL with functions, procedures, views, PREPARE, COPY and
 * CTEs), each run through the migration layer and through plain pgjdbc on a copy of legacy. A scenario
 * either gives the caller exactly what plain PostgreSQL gives and leaves both sides equal, or is
 * refused before it writes anything ({@code refusedIn}); the list is what the layer supports.
 *
 * <p>Every scenario starts from the same rows: cx_acct ids 1–6 (user_id 10, 21, 30, 41, 50, 61) and
 * cx_other ids 1, 2, 9 (unique per user_id and code: (10, c1), (21, c2)). cx_acct, cx_other and cx_event are in unit {@code corpus}; cx_log is in no unit.
 */
final class StatementScenarios {
    private StatementScenarios() {
    }

    static final String SEED_ACCT = "INSERT INTO cx_acct (id, user_id, bal, note, email) VALUES (1, 10, 1.00, 'one', 'a1@x'), "
            + "(2, 21, 2.00, 'two', 'a2@x'), (3, 30, 3.00, 'three', 'a3@x'), (4, 41, 8.00, 'four', 'a4@x'), (5, 50, 10.00, 'five', NULL), "
            + "(6, 61, 12.50, 'six', 'a6@x')";
    static final String SEED_OTHER = "INSERT INTO cx_other (id, user_id, note, code) VALUES (1, 10, 'other one', 'c1'), (2, 21, 'other two', 'c2'), "
            + "(9, 90, 'other nine', NULL)";
    private static final String ALL = "SELECT id, user_id, bal, note, email FROM cx_acct ORDER BY id";

    static List<Scenario> all() {
        return List.of(
                // ---- formatted SQL: leading blanks, newlines, comments, semicolons (issue item 1)
                Scenario.of("UPDATE after leading spaces (benchmark harness)", s -> {
                    s.update("    UPDATE cx_acct SET bal = bal + ? WHERE id = ?", new BigDecimal("5.00"), 1L);
                    s.query(ALL);
                }),
                Scenario.of("DELETE after a newline and a tab", s -> s.update("\n\tDELETE FROM cx_acct WHERE id = ?", 2L)),
                Scenario.of("MyBatis XML mapper: indented multi-line UPDATE with a trailing newline", s -> s.update("""
                        
                            UPDATE cx_acct
                               SET note = ?,
                                   bal = bal - ?
                             WHERE id = ?
                        """, "mapped", new BigDecimal("0.50"), 3L)),
                Scenario.of("UPDATE after a block comment", s -> s.update("/* OrderMapper.pay */ UPDATE cx_acct SET bal = 0 WHERE id = 4")),
                Scenario.of("UPDATE after a line comment", s -> s.update("-- pay the order\nUPDATE cx_acct SET bal = 0 WHERE id = ?", 4L)),
                Scenario.of("UPDATE ending in a semicolon", s -> s.update("UPDATE cx_acct SET note = 'semi' WHERE id = 5;")),
                Scenario.of("UPDATE ending in a line comment", s -> s.update("UPDATE cx_acct SET note = 'tail' WHERE id = 5 -- done")),
                Scenario.of("DELETE ending in a block comment and a semicolon", s -> s.update("DELETE FROM cx_acct WHERE id = 6 /* gone */ ;")),
                Scenario.of("INSERT after leading blanks", s -> s.update("   INSERT INTO cx_acct (id, user_id, bal) VALUES (7, 70, 7.00)")),
                Scenario.of("lower-case keywords", s -> s.update("update cx_acct set bal = bal * 2 where id = ?", 5L)),
                Scenario.of("quoted table and column names", s -> s.update("UPDATE \"cx_acct\" SET \"note\" = ? WHERE \"id\" = ?", "quoted", 1L))
                        .postgresOnly(),

                // ---- INSERT shapes (item 2)
                Scenario.of("INSERT without a column list (literals)", s -> s.update("INSERT INTO cx_acct VALUES (7, 70, 7.00, 'seven', 'a7@x')")),
                Scenario.of("INSERT without a column list (parameters)", s -> s.update("INSERT INTO cx_acct VALUES (?, ?, ?, ?, ?)",
                        8L, 81L, new BigDecimal("8.00"), "eight", "a8@x")),
                Scenario.of("INSERT without a column list, several rows", s -> s.update(
                        "INSERT INTO cx_acct VALUES (7, 70, 7.00, 'seven', NULL), (8, 81, 8.00, 'eight', NULL)")),
                Scenario.of("INSERT with its columns in another order", s -> s.update("INSERT INTO cx_acct (note, bal, user_id, id) VALUES (?, ?, ?, ?)",
                        "reordered", new BigDecimal("1.25"), 90L, 9L)),
                Scenario.of("INSERT leaving a defaulted column out", s -> {
                    s.update("INSERT INTO cx_acct (id, user_id) VALUES (7, 70)");
                    s.query(ALL);
                }),
                Scenario.of("INSERT … ON CONFLICT (id) DO UPDATE", s -> s.update(
                        "INSERT INTO cx_acct (id, user_id, bal) VALUES (1, 10, 99.00) ON CONFLICT (id) DO UPDATE SET bal = EXCLUDED.bal"))
                        .postgresOnly(),
                Scenario.of("INSERT … ON CONFLICT DO NOTHING on an existing key", s -> s.update(
                        "INSERT INTO cx_acct (id, user_id, bal) VALUES (2, 21, 99.00) ON CONFLICT (id) DO NOTHING"))
                        .postgresOnly(),
                Scenario.of("INSERT … ON CONFLICT on another unique column (email) DO UPDATE", s -> s.update(
                        "INSERT INTO cx_acct (id, user_id, bal, email) VALUES (20, 200, 5.00, 'a1@x') ON CONFLICT (email) DO UPDATE SET note = 'dup'"))
                        .refusedIn(LIVE),
                Scenario.of("INSERT … ON CONFLICT on a unique key holding the shard key DO UPDATE (updates another row)", s -> s.update(
                        "INSERT INTO cx_other (id, user_id, note, code) VALUES (30, 10, 'again', 'c1') "
                                + "ON CONFLICT (user_id, code) DO UPDATE SET note = cx_other.note || ' / ' || EXCLUDED.note"))
                        .postgresOnly(),
                Scenario.of("INSERT … ON CONFLICT on a unique key holding the shard key, with parameters and RETURNING", s -> s.query(
                        "INSERT INTO cx_other AS o (id, user_id, note, code) VALUES (?, ?, ?, ?) "
                                + "ON CONFLICT (user_id, code) DO UPDATE SET note = EXCLUDED.note RETURNING o.id, o.note",
                        31L, 21L, "returned", "c2"))
                        .postgresOnly(),
                Scenario.of("INSERT … ON CONFLICT on a unique key holding the shard key, inserting", s -> s.update(
                        "INSERT INTO cx_other (id, user_id, note, code) VALUES (32, 10, 'fresh', 'c9') "
                                + "ON CONFLICT (user_id, code) DO UPDATE SET note = EXCLUDED.note"))
                        .postgresOnly(),
                Scenario.of("INSERT … RETURNING id, bal", s -> s.query("INSERT INTO cx_acct (id, user_id, bal) VALUES (?, ?, ?) RETURNING id, bal",
                        7L, 71L, new BigDecimal("7.10"))),
                Scenario.of("JdbcTemplate batchUpdate of INSERTs", s -> s.batch("INSERT INTO cx_acct (id, user_id, bal) VALUES (?, ?, ?)",
                        new Object[] {7L, 70L, new BigDecimal("7")}, new Object[] {8L, 81L, new BigDecimal("8")}, new Object[] {9L, 90L, new BigDecimal("9")})),
                Scenario.of("INSERT with CAST(? AS numeric)", s -> s.update("INSERT INTO cx_acct (id, user_id, bal) VALUES (?, ?, CAST(? AS numeric))",
                        7L, 70L, "7.77"))
                        .postgresOnly(),
                Scenario.of("string literal holding CAST(… AS …) text is stored as written (item 6)", s -> {
                    s.update("INSERT INTO cx_acct (id, user_id, note) VALUES (7, 70, 'see CAST(1 AS int) here')");
                    s.query("SELECT note FROM cx_acct WHERE id = 7");
                }),
                Scenario.of("string literal holding a whole statement", s -> s.update(
                        "INSERT INTO cx_acct (id, user_id, note) VALUES (7, 70, 'UPDATE cx_acct SET bal = 0; -- RETURNING *')")),
                Scenario.of("INSERT … SELECT from another unit table", s -> s.update(
                        "INSERT INTO cx_acct (id, user_id, bal) SELECT id + 100, user_id, 0 FROM cx_other WHERE id = 9")).refusedIn(LIVE),
                Scenario.of("jOOQ INSERT with quoted names", s -> s.update(
                        "insert into \"cx_acct\" (\"id\", \"user_id\", \"bal\", \"note\") values (?, ?, ?, ?)", 7L, 70L, new BigDecimal("1"), "jooq"))
                        .postgresOnly(),
                Scenario.of("INSERT that violates the primary key: PostgreSQL's own error", s -> {
                    s.update("INSERT INTO cx_acct (id, user_id, bal) VALUES (1, 10, 1.00)");
                    s.query(ALL);
                }),
                Scenario.of("INSERT leaving the shard key out (NOT NULL): PostgreSQL's own error; from LIVE on the row cannot be placed",
                        s -> s.update("INSERT INTO cx_acct (id, bal) VALUES (7, 1.00)")).refusedIn(LIVE),
                Scenario.of("INSERT of a serial key with RETURN_GENERATED_KEYS", s -> s.updateWithKeys(
                        "INSERT INTO cx_event (user_id, amount) VALUES (?, ?)", 10L, new BigDecimal("3.50"))).onlyIn(DUAL_WRITE),

                // ---- UPDATE shapes (item 7)
                Scenario.of("jOOQ: table-qualified columns", s -> {
                    s.update("UPDATE cx_acct SET bal = cx_acct.bal + ? WHERE cx_acct.id = ?", new BigDecimal("1.00"), 3L);
                    s.query(ALL);
                }),
                Scenario.of("jOOQ: table-qualified DELETE", s -> s.update("DELETE FROM cx_acct WHERE cx_acct.id = ?", 3L)),
                Scenario.of("Hibernate: every column assigned, the keys to the values they hold", s -> s.update(
                        "update cx_acct set bal=?, email=?, note=?, user_id=? where id=?", new BigDecimal("4.00"), "h@x", "hib", 41L, 4L)),
                Scenario.of("ORM alias with the key re-assigned to its own value", s -> {
                    s.update("UPDATE cx_acct a SET id = ?, bal = ? WHERE a.id = ?", 2L, new BigDecimal("2.50"), 2L);
                    s.query(ALL);
                }),
                Scenario.of("UPDATE that changes a shard key: the row moves to its new shard", s -> {
                    s.update("UPDATE cx_acct SET user_id = 999 WHERE id = 1");
                    s.query(ALL);
                }),
                Scenario.of("UPDATE … FROM another table with shared column names", s -> {
                    s.update("UPDATE cx_acct SET note = o.note FROM cx_other o WHERE cx_acct.id = o.id");
                    s.query(ALL);
                }).refusedIn(LIVE),
                Scenario.of("DELETE … USING another table with shared column names", s -> s.update(
                        "DELETE FROM cx_acct USING cx_other WHERE cx_acct.id = cx_other.id AND cx_other.note LIKE '%two'")).refusedIn(LIVE),
                Scenario.of("UPDATE … RETURNING *", s -> s.query("UPDATE cx_acct SET bal = bal + 1 WHERE id = ? RETURNING *", 5L))
                        .postgresOnly(),
                Scenario.of("UPDATE … RETURNING some columns", s -> s.query("UPDATE cx_acct SET bal = bal + 1 WHERE id = 5 RETURNING id, bal"))
                        .postgresOnly(),
                Scenario.of("UPDATE with a subquery on another unit table", s -> s.update(
                        "UPDATE cx_acct SET note = 'has other' WHERE id IN (SELECT id FROM cx_other)")).refusedIn(LIVE),
                Scenario.of("UPDATE matching no row", s -> s.update("UPDATE cx_acct SET bal = 0 WHERE id = ?", 404L)),
                Scenario.of("UPDATE of every row", s -> s.update("UPDATE cx_acct SET bal = bal + 0.01")),
                Scenario.of("string literal holding WHERE and RETURNING", s -> s.update(
                        "UPDATE cx_acct SET note = 'x WHERE id = 1 RETURNING y' WHERE id = 2")),
                Scenario.of("block comment holding a WHERE clause", s -> s.update("UPDATE cx_acct SET bal = 1 /* WHERE id = 3 */ WHERE id = 2")),
                Scenario.of("line comment between clauses", s -> s.update("UPDATE cx_acct SET bal = 1 -- all of them?\n WHERE id = 2")),
                Scenario.of("MyBatis <foreach> IN list", s -> s.update("UPDATE cx_acct SET note = 'batch' WHERE id IN (?, ?, ?)", 1L, 3L, 5L)),
                Scenario.of("UPDATE with a CASE expression", s -> s.update(
                        "UPDATE cx_acct SET bal = CASE WHEN bal > 5 THEN bal - 5 ELSE bal END, note = 'cased'")),
                Scenario.of("UPDATE setting a literal with CAST(…) text", s -> {
                    s.update("UPDATE cx_acct SET note = 'see CAST(1 AS int) here' WHERE id = 1");
                    s.query("SELECT note FROM cx_acct WHERE id = 1");
                }),
                Scenario.of("JdbcTemplate batchUpdate of UPDATEs", s -> s.batch("UPDATE cx_acct SET bal = ? WHERE id = ?",
                        new Object[] {new BigDecimal("1.5"), 1L}, new Object[] {new BigDecimal("2.5"), 2L}, new Object[] {new BigDecimal("0"), 404L})),

                // ---- DELETE shapes
                Scenario.of("DELETE … RETURNING *", s -> s.query("DELETE FROM cx_acct WHERE id = ? RETURNING *", 6L))
                        .postgresOnly(),
                Scenario.of("DELETE matching no row", s -> s.update("DELETE FROM cx_acct WHERE id = 404")),
                Scenario.of("DELETE with an alias", s -> s.update("DELETE FROM cx_acct a WHERE a.id = ?", 4L))
                        .postgresOnly(),
                Scenario.of("DELETE by a range", s -> s.update("DELETE FROM cx_acct WHERE bal BETWEEN 2 AND 9")),

                // ---- CTEs
                Scenario.of("read-only CTE feeding an UPDATE", s -> s.update(
                        "WITH rich AS (SELECT id FROM cx_acct WHERE bal > 5) UPDATE cx_acct SET note = 'rich' WHERE id IN (SELECT id FROM rich)"))
                        .refusedIn(LIVE),
                Scenario.of("read-only CTE in a SELECT", s -> s.query("WITH r AS (SELECT id, bal FROM cx_acct WHERE bal > 5) SELECT id, bal FROM r ORDER BY id"))
                        .refusedIn(LIVE),
                Scenario.of("writable CTE deleting a unit table, outer INSERT elsewhere", s -> s.update(
                        "WITH d AS (DELETE FROM cx_acct WHERE id = 1 RETURNING id) INSERT INTO cx_log (note) SELECT 'deleted ' || id FROM d"))
                        .refusedIn(DUAL_WRITE, LIVE),
                Scenario.of("writable CTE updating a unit table, outer SELECT", s -> s.query(
                        "WITH u AS (UPDATE cx_acct SET bal = 0 WHERE id = 2 RETURNING id) SELECT id FROM u")).refusedIn(DUAL_WRITE, LIVE),

                // ---- functions, procedures, views, PREPARE, DO, COPY (item 3)
                Scenario.of("SELECT of a function that updates a unit table", s -> s.query("SELECT cx_bump(5) AS r")).refusedIn(DUAL_WRITE, LIVE),
                Scenario.of("SELECT of a function that calls one that updates a unit table", s -> s.query("SELECT cx_indirect(5) AS r"))
                        .refusedIn(DUAL_WRITE, LIVE),
                Scenario.of("SELECT of a STABLE function that reads a unit table", s -> s.query("SELECT cx_read(1) AS r")),
                Scenario.of("SELECT of a function that writes only a table in no unit", s -> {
                    s.query("SELECT cx_note('hello') AS r");
                    s.query("SELECT note FROM cx_log");
                }),
                Scenario.of("CALL of a procedure that deletes from a unit table", s -> s.execute("CALL cx_proc(6)")).refusedIn(DUAL_WRITE, LIVE),
                Scenario.of("CALL of a procedure that writes only a table in no unit", s -> s.execute("CALL cx_log_proc('logged')")),
                Scenario.of("PREPARE … AS UPDATE of a unit table", s -> {
                    s.execute("PREPARE cx_pay (bigint) AS UPDATE cx_acct SET bal = 0 WHERE id = $1");
                    s.execute("EXECUTE cx_pay(1)");
                }).refusedIn(DUAL_WRITE, LIVE),
                Scenario.of("PREPARE … AS INSERT into a table in no unit", s -> {
                    s.execute("PREPARE cx_log_it (text) AS INSERT INTO cx_log (note) VALUES ($1)");
                    s.execute("EXECUTE cx_log_it('prepared')");
                    s.execute("DEALLOCATE cx_log_it");
                }),
                Scenario.of("UPDATE through an updatable view over a unit table", s -> s.update("UPDATE cx_acct_view SET bal = 0 WHERE id = 3"))
                        .refusedIn(DUAL_WRITE, LIVE),
                Scenario.of("DELETE through a view over a view over a unit table", s -> s.update("DELETE FROM cx_rich WHERE id = 6"))
                        .refusedIn(DUAL_WRITE, LIVE),
                Scenario.of("SELECT from a view over a unit table", s -> s.query("SELECT id, bal FROM cx_acct_view ORDER BY id")),
                Scenario.of("DO block updating a unit table", s -> s.execute("DO $$ BEGIN UPDATE cx_acct SET bal = 0; END $$"))
                        .refusedIn(DUAL_WRITE, LIVE),
                Scenario.of("COPY into a unit table through CopyManager", s -> s.copyIn("COPY cx_acct (id, user_id, bal) FROM STDIN",
                        "7\t70\t7.00\n8\t81\t8.00\n")).refusedIn(DUAL_WRITE, LIVE),
                Scenario.of("COPY into a table in no unit through CopyManager", s -> s.copyIn("COPY cx_log (note) FROM STDIN", "a\nb\n")),

                // ---- reads
                Scenario.of("order-status read: NUMERIC 2.00 mapped with getLong and getInt (shadow-read in SHADOW and LIVE)", s -> s.typedQuery(
                        "SELECT id, user_id, bal, note FROM cx_acct WHERE id IN (?, ?) ORDER BY id", 2L, 5L))
                        .onlyIn(DUAL_WRITE, SHADOW, LIVE),
                Scenario.of("SELECT of a numeric column read as text", s -> s.query(ALL)),
                Scenario.of("Hibernate SELECT with generated aliases", s -> s.query(
                        "select a1_0.id,a1_0.bal,a1_0.note from cx_acct a1_0 where a1_0.id=?", 2L)),
                Scenario.of("SELECT count(*) with a label", s -> s.query("SELECT count(*) AS n FROM cx_acct WHERE bal > ?", new BigDecimal("2"))),
                Scenario.of("SELECT of a literal holding SQL text", s -> s.query(
                        "SELECT id, 'DELETE FROM cx_acct' AS txt FROM cx_acct WHERE id = 1")),

                // ---- transactions
                Scenario.of("two UPDATEs in a transaction, committed", s -> {
                    s.begin();
                    s.update("UPDATE cx_acct SET bal = bal - 1 WHERE id = ?", 5L);
                    s.update("UPDATE cx_acct SET bal = bal + 1 WHERE id = ?", 6L);
                    s.commit();
                }),
                Scenario.of("an INSERT and a DELETE in a transaction, rolled back", s -> {
                    s.begin();
                    s.update("INSERT INTO cx_acct (id, user_id, bal) VALUES (7, 70, 7)");
                    s.update("DELETE FROM cx_acct WHERE id = 1");
                    s.rollback();
                }),
                Scenario.of("SELECT … FOR UPDATE then UPDATE in a transaction", s -> {
                    s.begin();
                    s.query("SELECT bal FROM cx_acct WHERE id = ? FOR UPDATE", 4L);
                    s.update("UPDATE cx_acct SET bal = bal - 1 WHERE id = ?", 4L);
                    s.commit();
                }));
    }
}
