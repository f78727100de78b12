package io.shardbridge.inventory;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the inventory found on legacy: who touches which table, how tables are linked, and which tables
 * should move together. Rendered by the CLI as text, JSON and a self-contained HTML page.
 *
 * @param database    legacy's database and schema
 * @param sources     what could be read and what could not (pg_stat_statements, privileges, sampling)
 * @param applications every application seen, and whether it is named by {@code application_name} or by role
 * @param matrix      one cell per (table, application) that touched the table
 * @param tables      per table: the applications that write it and those that only read it
 * @param statements  every distinct statement seen, with the tables it reads and writes
 * @param links       catalog and traffic links between tables (the edges of the suggested groups)
 * @param groups      tables that must move together, each with its reasons
 * @param units       the configured {@code migrations:} units: the applications writing their tables, and flags
 */
public record InventoryReport(String database, Instant generatedAt, Sources sources, List<Application> applications, List<Cell> matrix,
                              List<TableUse> tables, List<Statement> statements, Catalog catalog, List<Link> links, List<Group> groups,
                              List<Unit> units) {

    /** How an application is named. */
    public enum IdentifiedBy {
        /** the connections set {@code application_name} */
        APPLICATION_NAME,
        /** no {@code application_name}: the login role names it */
        ROLE,
        /** pg_stat_statements counts by role; during sampling this role was only seen as one application_name */
        ROLE_SEEN_AS_APPLICATION_NAME
    }

    /** Where a statement was seen. */
    public enum Source { PG_STAT_STATEMENTS, ACTIVITY_SAMPLING }

    /**
     * @param pgStatStatements    true when its counts were read
     * @param notes               one sentence per thing missing or limited, saying what to do about it
     * @param readAllStats        true when the inventory's role can see every session's statements
     */
    public record Sources(boolean pgStatStatements, boolean readAllStats, int samples, long sampleMillis, List<String> notes) {
    }

    public record Application(String name, IdentifiedBy identifiedBy, List<String> roles, List<String> clientAddresses, Source countedFrom) {
    }

    /**
     * @param reads    calls of statements that read the table (and do not write it)
     * @param writes   calls of statements that write it
     * @param calls    reads + writes
     * @param lastSeen when sampling last saw a statement touching it (pg_stat_statements records no time), or null
     */
    public record Cell(String table, String application, long reads, long writes, long calls, Instant lastSeen) {
    }

    /** @param writers the applications that must switch to shardbridge, or stop writing, before the table's unit goes LIVE */
    public record TableUse(String table, List<String> writers, List<String> readers) {
    }

    /**
     * @param calls   pg_stat_statements' calls, or the executions sampling saw
     * @param via     views and functions through which the statement reaches tables it does not name
     * @param error   why the statement could not be parsed, or null
     */
    public record Statement(String application, Source source, String sql, long calls, List<String> read, List<String> written, List<String> via,
                            String error) {
    }

    /** @param partitions each partition's root partitioned table (a statement on a partition touches its table) */
    public record Catalog(List<String> tables, Map<String, String> partitions, List<ForeignKey> foreignKeys, List<Trigger> triggers, List<View> views, List<Rule> rules,
                          List<Function> functions, List<SequenceUse> sequences) {
    }

    public record ForeignKey(String name, String table, String references) {
    }

    public record Trigger(String name, String table, String function, List<String> writes, List<String> reads) {
    }

    public record View(String name, List<String> reads) {
    }

    public record Rule(String name, String table, List<String> references) {
    }

    /** @param notes what the body analysis could not see (dynamic SQL, statements it could not parse) */
    public record Function(String name, String language, List<String> writes, List<String> reads, List<String> notes) {
    }

    /** @param ownedBy the table.column owning the sequence, or null; @param filling the table.columns whose default draws from it */
    public record SequenceUse(String sequence, String ownedBy, List<String> filling) {
    }

    /** Why two or more tables belong together. */
    public enum LinkKind {
        STATEMENT("one statement writes them"),
        TRANSACTION("one transaction writes them (sampled)"),
        FOREIGN_KEY("a foreign key links them"),
        TRIGGER("a trigger on one writes the other"),
        RULE("a rule on one touches the other"),
        FUNCTION("one function writes them"),
        SEQUENCE("one sequence fills their keys");

        private final String meaning;

        LinkKind(String meaning) {
            this.meaning = meaning;
        }

        public String meaning() {
            return meaning;
        }
    }

    /** @param detail the statement, constraint, trigger, rule, function or sequence, and who */
    public record Link(LinkKind kind, List<String> tables, String detail) {
    }

    public record Group(List<String> tables, List<Link> reasons) {
    }

    /**
     * @param writers applications writing any of the unit's tables
     * @param flags   links the unit breaks: a group split across units, or a linked table left outside every unit
     */
    public record Unit(String name, List<String> tables, Map<String, List<String>> writers, List<String> flags) {
    }
}
