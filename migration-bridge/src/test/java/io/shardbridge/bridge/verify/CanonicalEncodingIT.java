package io.shardbridge.bridge.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.bridge.row.RowImageReader;
import io.shardbridge.bridge.row.MirrorValues;
import io.shardbridge.bridge.row.RowImage;
import io.shardbridge.config.Dialect;
import io.shardbridge.schema.ColumnDefinition;
import io.shardbridge.schema.TableDefinition;
import io.shardbridge.testing.TestDatabases;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DESIGN §7: every SQL version of the canonical encoding equals the Java oracle on a corpus of edge values
 * per type, on both engines. Each value is written to legacy PostgreSQL as SQL text, read back, copied to
 * MariaDB the way the mirror copies it, and then each engine's SQL encoding (and row hash) of its copy must
 * equal the oracle's encoding of the legacy value. Where an engine cannot encode a type in SQL, the value it
 * holds, read back and encoded in Java, must still equal the legacy value's encoding.
 */
class CanonicalEncodingIT {
    record Case(String pgType, String mysqlType, List<String> pgLiterals, String setup) {
        Case(String pgType, String mysqlType, List<String> pgLiterals) {
            this(pgType, mysqlType, pgLiterals, "");
        }

        /** A type PostgreSQL shards hold as they are and MySQL shards do not take (refused at schema time). */
        static Case postgresOnly(String pgType, String setup, String... pgLiterals) {
            return new Case(pgType, null, List.of(pgLiterals), setup);
        }

        @Override
        public String toString() {
            return pgType;
        }
    }

    static List<Case> corpus() {
        return List.of(
                new Case("smallint", "SMALLINT", List.of("-32768", "0", "32767")),
                new Case("integer", "INT", List.of("-2147483648", "0", "2147483647", "7")),
                new Case("bigint", "BIGINT", List.of("-9223372036854775808", "0", "9223372036854775807")),
                new Case("numeric(38,10)", "DECIMAL(38,10)", List.of("0", "0.0000000000", "1.5000000000", "-1.5", "100", "10.10", "-0.0000000001",
                        "1000000000000000000000000000", "1234567890123456789012345678.1234567890", "0.0000000001", "-100.0100")),
                new Case("real", "FLOAT", List.of("0", "'-0'", "1.1", "3.4028235e38", "1.17549435e-38", "1e-45", "-2.5", "'NaN'", "'Infinity'")),
                new Case("double precision", "DOUBLE", List.of("0", "'-0'", "0.1", "1e20", "5e-324", "1.7976931348623157e308", "-2.25e-300",
                        "0.30000000000000004", "'NaN'", "'-Infinity'")),
                new Case("text", "LONGTEXT", List.of("''", "' '", "'a'", "'a '", "'abc|def'", "'N'", "'S1:x'", "'汉字'", "'🙂 emoji'",
                        "E'tab\\there'", "E'new\\nline'", "'quote '' \" \\'", "'trailing  '")),
                new Case("character varying(20)", "VARCHAR(20)", List.of("''", "'x'", "'Ünïcödé'", "'a-B_c'")),
                new Case("character(5)", "CHAR(5)", List.of("''", "'ab'", "'ab   '", "' a'", "'汉字'")),
                new Case("boolean", "BOOLEAN", List.of("true", "false")),
                new Case("date", "DATE", List.of("'1970-01-01'", "'1969-12-31'", "'0001-01-01'", "'9999-12-31'", "'2000-02-29'")),
                new Case("time(6) without time zone", "TIME(6)", List.of("'00:00:00'", "'23:59:59.999999'", "'12:34:56.5'", "'00:00:00.000001'")),
                new Case("timestamp(6) without time zone", "DATETIME(6)", List.of("'1970-01-01 00:00:00'", "'1969-12-31 23:59:59.999999'",
                        "'2026-03-29 01:30:00.123456'", "'0001-01-01 00:00:00'", "'9999-12-31 23:59:59.999999'")),
                new Case("timestamp(6) with time zone", "DATETIME(6)", List.of("'2026-03-29 00:59:59.999999+00'", "'2026-03-29 03:00:00+02'",
                        "'1969-12-31 23:59:59.5+00'", "'2026-10-25 01:30:00+01'", "'2026-10-25 01:30:00+02'")),
                new Case("bytea", "LONGBLOB", List.of("'\\x'", "'\\x00'", "'\\x00ff00'", "'\\xdeadbeef'")),
                new Case("uuid", "CHAR(36)", List.of("'00000000-0000-0000-0000-000000000000'", "'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF'",
                        "'6f1c2d1e-9a5b-4c3d-8e7f-001122334455'")),
                new Case("json", "JSON", List.of("'{\"b\":1,\"a\":[1,2.50]}'", "'{\"a\" : \"x y\", \"b\" : {\"d\": 1, \"c\": null}}'", "'[]'",
                        "'null'", "'\"str\"'", "'1.0'", "'{\"\": [true, false]}'")),
                new Case("jsonb", "JSON", List.of("'{\"b\":1,\"a\":[1,2.50]}'", "'{\"z\": null, \"a\": \"x\"}'", "'{}'", "'[1e2]'")),
                // issue #19: PostgreSQL's special values, and every type PostgreSQL shards take as they are
                Case.postgresOnly("numeric", "", "'NaN'", "'Infinity'", "'-Infinity'", "'0'", "'-0.000'", "'1e-130'",
                        "'123456789012345678901234567890.123456789012345678901234567890'"),
                Case.postgresOnly("date", "", "'infinity'", "'-infinity'", "'0044-03-15 BC'", "'4713-01-01 BC'", "'5874897-12-31'"),
                Case.postgresOnly("timestamp without time zone", "", "'infinity'", "'-infinity'", "'4713-01-01 00:00:00 BC'",
                        "'294276-12-31 23:59:59.999999'", "'0001-01-01 00:00:00.000001 BC'"),
                Case.postgresOnly("timestamp with time zone", "", "'infinity'", "'-infinity'", "'294276-12-31 23:59:59.999999+00'",
                        "'4713-01-01 00:00:00+00 BC'", "'2026-03-29 01:30:00.000001+05:30'"),
                Case.postgresOnly("time without time zone", "", "'24:00:00'", "'23:59:59.999999'", "'00:00:00.000001'"),
                Case.postgresOnly("time with time zone", "", "'23:59:59.999999-08'", "'00:00:00+15:59'", "'12:00:00-15:59'", "'00:00:00.000001+00'"),
                Case.postgresOnly("interval", "", "'1 year 2 mons -3 days 04:05:06.000001'", "'-178000000 years'", "'0'", "'-00:00:00.000001'",
                        "'1 mon'", "'30 days'"),
                Case.postgresOnly("enc_mood", "CREATE TYPE enc_mood AS ENUM ('sad', 'ok', 'happy 🙂')", "'sad'", "'happy 🙂'"),
                Case.postgresOnly("enc_mood[]", "CREATE TYPE enc_mood AS ENUM ('sad', 'ok', 'happy 🙂')", "'{}'", "'{sad,NULL,\"happy 🙂\"}'",
                        "'{{sad},{ok}}'"),
                Case.postgresOnly("enc_positive", "CREATE DOMAIN enc_positive AS numeric(12,2) CHECK (VALUE > 0)", "'0.01'", "'9999999999.99'"),
                Case.postgresOnly("enc_pair", "CREATE TYPE enc_mood AS ENUM ('sad', 'ok', 'happy 🙂'); CREATE TYPE enc_pair AS (label text, mood enc_mood)",
                        "'(,)'", "'(\"a \"\"q\"\", b\",ok)'", "'(\"\",sad)'"),
                Case.postgresOnly("integer[]", "", "'{}'", "'{NULL}'", "'{{1,NULL},{3,4}}'", "'[0:1]={1,2}'", "'{-2147483648,2147483647}'"),
                Case.postgresOnly("text[]", "", "'{}'", "'{\"\"}'", "'{NULL}'", "'{\"NULL\"}'", "'{\"a,b\",\"q\\\"uote\",汉字}'"),
                Case.postgresOnly("numeric[]", "", "'{NaN,1.50,-0}'", "'{1.5}'"),
                Case.postgresOnly("double precision[]", "", "'{NaN,Infinity,-Infinity,-0,5e-324}'", "'{0.1}'"),
                Case.postgresOnly("timestamp with time zone[]", "", "'{\"2026-03-29 01:30:00.123456+01\",infinity}'"),
                Case.postgresOnly("jsonb[]", "", "'{\"{\\\"b\\\": 1, \\\"a\\\": 2}\"}'"),
                Case.postgresOnly("money", "", "'-92233720368547758.08'", "'92233720368547758.07'", "'0'", "'1.5'"),
                Case.postgresOnly("inet", "", "'2001:db8::1/64'", "'10.0.0.1'", "'10.0.0.1/8'", "'::ffff:1.2.3.4'"),
                Case.postgresOnly("cidr", "", "'10.0.0.0/8'", "'::/0'"),
                Case.postgresOnly("macaddr", "", "'08:00:2b:01:02:03'", "'FF-FF-FF-FF-FF-FF'"),
                Case.postgresOnly("int4range", "", "'empty'", "'[1,10)'", "'(1,10]'", "'(,)'"),
                Case.postgresOnly("tstzrange", "", "'[2026-01-01 00:00:00+00,infinity)'", "'(,2026-01-01 00:00:00.000001+14)'"),
                Case.postgresOnly("int4multirange", "", "'{}'", "'{[1,3),[5,7)}'"),
                Case.postgresOnly("point", "", "'(1.5,-2)'", "'(0,0)'", "'(1e300,-1e-300)'"),
                Case.postgresOnly("box", "", "'((0,0),(1,1))'"),
                Case.postgresOnly("circle", "", "'<(0,0),1.5>'"),
                Case.postgresOnly("bit(8)", "", "'10100101'", "'00000000'"),
                Case.postgresOnly("bit varying(16)", "", "''", "'1'", "'0000000000000001'"),
                Case.postgresOnly("xml", "", "''", "'<a b=\"1\">ü</a>'", "'text only'"),
                Case.postgresOnly("tsvector", "", "''", "'a:1 fat:2 cat'", "'''quoted word'':3A'"),
                Case.postgresOnly("tsquery", "", "'fat & (rat | !cat)'"),
                Case.postgresOnly("\"char\"", "", "'a'", "''"),
                Case.postgresOnly("oid", "", "'0'", "'4294967295'"),
                Case.postgresOnly("character(5)[]", "", "'{\"ab   \",\"\"}'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void bothEnginesEncodeEveryValueAsTheOracleDoes(Case c) throws SQLException {
        ColumnDefinition id = new ColumnDefinition("id", "integer", true, Optional.empty(), false);
        ColumnDefinition v = new ColumnDefinition("v", c.pgType(), false, Optional.empty(), false);
        TableDefinition table = new TableDefinition("enc_probe", List.of(id, v), List.of("id"), List.of());
        Map<Integer, RowImage> legacy = new LinkedHashMap<>();
        try (Connection pg = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = pg.createStatement()) {
            st.execute("DROP TABLE IF EXISTS enc_probe; DROP TYPE IF EXISTS enc_pair; DROP DOMAIN IF EXISTS enc_positive; DROP TYPE IF EXISTS enc_mood");
            if (!c.setup().isEmpty()) {
                st.execute(c.setup());
            }
            st.execute("CREATE TABLE enc_probe (id integer PRIMARY KEY, v " + c.pgType() + ")");
            st.execute("INSERT INTO enc_probe VALUES (0, NULL)");
            for (int i = 0; i < c.pgLiterals().size(); i++) {
                st.execute("INSERT INTO enc_probe VALUES (" + (i + 1) + ", " + c.pgLiterals().get(i) + ")");
            }
            try (ResultSet rs = st.executeQuery("SELECT * FROM enc_probe ORDER BY id")) {
                while (rs.next()) {
                    legacy.put(rs.getInt("id"), RowImageReader.image(rs, table, Dialect.POSTGRESQL));
                }
            }
            assertEncodings(pg, Dialect.POSTGRESQL, table, legacy, legacy);
        }
        if (c.mysqlType() == null) {
            return;
        }
        try (Connection my = TestDatabases.mysqlConnection(TestDatabases.MYSQL_SHARD0); Statement st = my.createStatement()) {
            st.execute("DROP TABLE IF EXISTS enc_probe");
            st.execute("CREATE TABLE enc_probe (id INT PRIMARY KEY, v " + c.mysqlType() + ") CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
            Map<Integer, RowImage> copied = new LinkedHashMap<>();
            try (PreparedStatement ps = my.prepareStatement("INSERT INTO enc_probe VALUES (?, ?)")) {
                for (Map.Entry<Integer, RowImage> row : legacy.entrySet()) {
                    Object value = row.getValue().get("v");
                    if (value instanceof Number n && (value instanceof Double || value instanceof Float) && !Double.isFinite(n.doubleValue())) {
                        continue; // MySQL has no NaN or Infinity: the mirror refuses them (TypeFidelityContract)
                    }
                    ps.setInt(1, row.getKey());
                    MirrorValues.bind(ps, 2, value, Dialect.MYSQL, "enc_probe", "v");
                    ps.executeUpdate();
                    copied.put(row.getKey(), row.getValue());
                }
            }
            Map<Integer, RowImage> held = new LinkedHashMap<>();
            try (ResultSet rs = st.executeQuery("SELECT " + ChecksumSide.selectList(Dialect.MYSQL, table, List.of("id", "v")) + " FROM enc_probe ORDER BY id")) {
                while (rs.next()) {
                    held.put(rs.getInt("id"), RowImageReader.image(rs, table, Dialect.MYSQL));
                }
            }
            assertEncodings(my, Dialect.MYSQL, table, copied, held);
        }
    }

    /** The engine's SQL encoding of what it holds equals the oracle's encoding of the legacy value, value by value and as a row hash. */
    private static List<String> assertEncodings(Connection c, Dialect dialect, TableDefinition table, Map<Integer, RowImage> legacy,
                                                Map<Integer, RowImage> held) throws SQLException {
        ColumnDefinition v = table.columns().get(1);
        List<String> checked = new ArrayList<>();
        if (!ChecksumSql.pushable(dialect, v)) {
            for (Map.Entry<Integer, RowImage> row : legacy.entrySet()) {
                assertThat(CanonicalEncoding.encodeValue(v, held.get(row.getKey()).get("v")))
                        .as("%s %s row %d, streamed", dialect, v.pgType(), row.getKey())
                        .isEqualTo(CanonicalEncoding.encodeValue(v, row.getValue().get("v")));
                checked.add(CanonicalEncoding.encodeValue(v, held.get(row.getKey()).get("v")));
            }
            assertThat(checked).hasSize(legacy.size());
            return checked;
        }
        String sql = "SELECT id, " + ChecksumSql.value(dialect, v) + " AS enc, " + ChecksumSql.rowHash(dialect, table.columns())
                + " AS h FROM enc_probe ORDER BY id";
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                RowImage expected = legacy.get(rs.getInt("id"));
                if (expected == null) {
                    continue;
                }
                String oracle = CanonicalEncoding.encodeValue(v, expected.get("v"));
                String enc = rs.getString("enc");
                assertThat(enc == null ? "N" : enc).as("%s %s row %d (%s)", dialect, v.pgType(), rs.getInt("id"), expected.get("v")).isEqualTo(oracle);
                long javaHash = CanonicalEncoding.hash(CanonicalEncoding.encodeRow(table.columns(), expected::get));
                assertThat(new BigDecimal(rs.getString("h")).longValue()).as("%s %s row hash %d", dialect, v.pgType(), rs.getInt("id")).isEqualTo(javaHash);
                checked.add(enc);
            }
        }
        assertThat(checked).hasSize(legacy.size());
        return checked;
    }

    /** Pairs of values one smallest step apart (1 µs, one array element, one JSON member, one bit, an offset, a label). */
    static List<Case> smallestChanges() {
        String mood = "CREATE TYPE enc_mood AS ENUM ('sad', 'ok', 'happy 🙂')";
        return List.of(
                Case.postgresOnly("timestamp with time zone", "", "'2026-03-29 01:30:00.123456+01'", "'2026-03-29 01:30:00.123457+01'"),
                Case.postgresOnly("timestamp without time zone", "", "'infinity'", "'-infinity'"),
                Case.postgresOnly("date", "", "'0044-03-15 BC'", "'0044-03-16 BC'"),
                Case.postgresOnly("time without time zone", "", "'24:00:00'", "'23:59:59.999999'"),
                Case.postgresOnly("time with time zone", "", "'23:59:59.999999-08'", "'23:59:59.999998-08'"),
                Case.postgresOnly("time with time zone", "", "'12:00:00+01'", "'11:00:00+00'"),
                Case.postgresOnly("interval", "", "'1 mon'", "'30 days'"),
                Case.postgresOnly("interval", "", "'04:05:06.000001'", "'04:05:06.000002'"),
                Case.postgresOnly("numeric", "", "'NaN'", "'Infinity'"),
                Case.postgresOnly("numeric", "", "'1.0000000000000000000000000000001'", "'1.0000000000000000000000000000002'"),
                Case.postgresOnly("integer[]", "", "'{{1,NULL},{3,4}}'", "'{{1,NULL},{3,5}}'"),
                Case.postgresOnly("integer[]", "", "'{1,2}'", "'[0:1]={1,2}'"),
                Case.postgresOnly("text[]", "", "'{NULL}'", "'{\"NULL\"}'"),
                Case.postgresOnly("enc_mood", mood, "'sad'", "'ok'"),
                Case.postgresOnly("enc_mood[]", mood, "'{sad,NULL}'", "'{sad}'"),
                Case.postgresOnly("bit(8)", "", "'10100101'", "'10100100'"),
                Case.postgresOnly("money", "", "'0.01'", "'0.02'"),
                Case.postgresOnly("inet", "", "'2001:db8::1/64'", "'2001:db8::1/65'"),
                Case.postgresOnly("double precision[]", "", "'{0.1}'", "'{0.10000000000000002}'"),
                Case.postgresOnly("jsonb", "", "'{\"a\": 1}'", "'{\"a\": 1, \"b\": null}'"),
                Case.postgresOnly("json", "", "'[1, 2]'", "'[2, 1]'"));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("smallestChanges")
    void theSmallestChangeShows(Case c) throws SQLException {
        ColumnDefinition id = new ColumnDefinition("id", "integer", true, Optional.empty(), false);
        ColumnDefinition v = new ColumnDefinition("v", c.pgType(), false, Optional.empty(), false);
        TableDefinition table = new TableDefinition("enc_probe", List.of(id, v), List.of("id"), List.of());
        Map<Integer, RowImage> legacy = new LinkedHashMap<>();
        try (Connection pg = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = pg.createStatement()) {
            st.execute("DROP TABLE IF EXISTS enc_probe; DROP TYPE IF EXISTS enc_pair; DROP DOMAIN IF EXISTS enc_positive; DROP TYPE IF EXISTS enc_mood");
            if (!c.setup().isEmpty()) {
                st.execute(c.setup());
            }
            st.execute("CREATE TABLE enc_probe (id integer PRIMARY KEY, v " + c.pgType() + ")");
            st.execute("INSERT INTO enc_probe VALUES (1, " + c.pgLiterals().get(0) + "), (2, " + c.pgLiterals().get(1) + ")");
            try (ResultSet rs = st.executeQuery("SELECT * FROM enc_probe ORDER BY id")) {
                while (rs.next()) {
                    legacy.put(rs.getInt("id"), RowImageReader.image(rs, table, Dialect.POSTGRESQL));
                }
            }
            List<String> encodings = assertEncodings(pg, Dialect.POSTGRESQL, table, legacy, legacy);
            assertThat(encodings.get(0)).as("%s vs %s", c.pgLiterals().get(0), c.pgLiterals().get(1)).isNotEqualTo(encodings.get(1));
        }
    }
}
