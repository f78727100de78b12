package io.shardbridge.bridge.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.bridge.row.RowImageReader;
import io.shardbridge.bridge.verify.CanonicalEncoding;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.ShardbridgeConfig;
import io.shardbridge.schema.PostgresCatalogReader;
import io.shardbridge.schema.TableDefinition;
import io.shardbridge.sharding.PhysicalTable;
import io.shardbridge.sharding.ShardLayout;
import io.shardbridge.testing.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The PostgreSQL types MySQL/MariaDB shards hold, for MySQL shards: both sides compared by canonical encoding. */
final class MysqlTypeCorpus extends TypeCorpus {
    @Override
    Dialect dialect() {
        return Dialect.MYSQL;
    }

    /** MySQL answers with its forms (JSON arrays, canonical intervals): a service reading them sees that, and shadow reads say so. */
    @Override
    boolean shadowReadsMatch() {
        return false;
    }

    @Override
    String routedColumns() {
        return String.join(", ", rows().get(1).keySet().stream().filter(c -> !c.equals("m")).toList());
    }

    @Override
    String ruleExtras() {
        return ", column-types: { tt: text, pair: text, i4r: text, tv: text, ta: json }";
    }

    @Override
    String legacyDdl() {
        return PostgresTypeCorpus.TYPES.formatted("tc_row") + """
                CREATE TYPE tc_mood AS ENUM ('sad', 'ok', 'happy 🙂');
                CREATE DOMAIN tc_positive AS numeric(12,2) CHECK (VALUE > 0);
                CREATE TYPE tc_pair AS (label text, mood tc_mood);
                CREATE TABLE tc_row (id bigint PRIMARY KEY, mood tc_mood, pos tc_positive, ip inet, cn cidr, mac macaddr, iv interval, m money,
                  ia integer[], ta text[], na numeric[], ba boolean[], tza timestamptz[], tt timetz, pair tc_pair, i4r int4range, tv tsvector,
                  n numeric(20,5), d double precision, dt date, ts timestamp, tz timestamptz, tm time, ch char(5), jb jsonb, txt text);
                """;
    }

    @Override
    void dropOnShard(Statement st) throws SQLException {
        st.execute("DROP TABLE IF EXISTS tc_row_0, tc_row_1");
    }

    @Override
    List<Map<String, String>> rows() {
        Map<String, String> nulls = new LinkedHashMap<>();
        nulls.put("id", "1");
        Map<String, String> a = new LinkedHashMap<>();
        a.put("id", "2");
        a.put("mood", "'happy 🙂'");
        a.put("pos", "'0.01'");
        a.put("ip", "'2001:db8::1/64'");
        a.put("cn", "'10.0.0.0/8'");
        a.put("mac", "'08:00:2b:01:02:03'");
        a.put("iv", "'1 year 2 mons -3 days 04:05:06.000001'");
        a.put("m", "'-92233720368547758.08'");
        a.put("ia", "'{{1,NULL},{3,4}}'");
        a.put("ta", "'{\"\", \"a,b\", \"it''s\", NULL, \"NULL\", \"null\", \"x y\", 汉字}'"); // a backslash would be non-portable SQL
        a.put("na", "'{1.50,0.00001,-0}'");
        a.put("ba", "'{t,f,NULL}'");
        a.put("tza", "'{\"2026-03-29 01:30:00.123456+01\"}'");
        a.put("tt", "'23:59:59.999999-08'");
        a.put("pair", "'(\"a \"\"q\"\", b\",ok)'");
        a.put("i4r", "'[1,10)'");
        a.put("tv", "'a:1 fat:2 cat'");
        a.put("n", "'123456789012345.12345'");
        a.put("d", "'-2.25e-300'");
        a.put("dt", "'0001-01-01'");
        a.put("ts", "'9999-12-31 23:59:59.999999'");
        a.put("tz", "'2026-03-29 01:30:00.654321+01'");
        a.put("tm", "'24:00:00'");
        a.put("ch", "'ab'");
        a.put("jb", "'{\"b\": 1, \"a\": [1, 2.50]}'");
        a.put("txt", "'汉字 🙂 end'");
        Map<String, String> b = new LinkedHashMap<>();
        b.put("id", "3");
        b.put("mood", "'sad'");
        b.put("pos", "'9999999999.99'");
        b.put("ip", "'0.0.0.0'");
        b.put("cn", "'::/0'");
        b.put("mac", "'ff:ff:ff:ff:ff:ff'");
        b.put("iv", "'-178000000 years'");
        b.put("m", "'92233720368547758.07'");
        b.put("ia", "'{}'");
        b.put("ta", "'{}'");
        b.put("na", "'{}'");
        b.put("ba", "'{}'");
        b.put("tza", "'{}'");
        b.put("tt", "'00:00:00+15:59'");
        b.put("pair", "'(,)'");
        b.put("i4r", "'empty'");
        b.put("tv", "''");
        b.put("n", "'-0.00001'");
        b.put("d", "'0'");
        b.put("dt", "'9999-12-31'");
        b.put("ts", "'0001-01-01 00:00:00'");
        b.put("tz", "'1970-01-01 00:00:00+00'");
        b.put("tm", "'00:00:00.000001'");
        b.put("ch", "''");
        b.put("jb", "'{}'");
        b.put("txt", "''");
        return List.of(nulls, a, b);
    }

    /** Row 3 as MySQL holds it: what a service writes through the target from LIVE on. */
    @Override
    Map<String, String> liveRow() {
        Map<String, String> b = new LinkedHashMap<>(rows().get(2));
        b.put("iv", "'P-2136000000M0DT0S'");
        b.put("m", "92233720368547758.07");
        b.put("ia", "'[]'");
        b.put("ta", "'[]'");
        b.put("na", "'[]'");
        b.put("ba", "'[]'");
        b.put("tza", "'[]'");
        b.put("tz", "'1970-01-01 00:00:00'");
        b.put("tm", "'00:00:00.000001'");
        return b;
    }

    @Override
    void afterBackfill(ShardbridgeConfig config) throws SQLException {
        PhysicalTable physical = new ShardLayout(config.target().table(TABLE).orElseThrow(), config.target().shardNames()).locate(2L);
        try (Connection c = TestDatabases.mysqlConnection(physical.shard().equals("ds0") ? TestDatabases.MYSQL_SHARD0 : TestDatabases.MYSQL_SHARD1);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT mood, iv, m, ia, ta, na, ba, ip, tt, pair, tm FROM " + physical.table() + " WHERE id = 2")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("mood")).isEqualTo("happy 🙂");
            assertThat(rs.getString("iv")).isEqualTo("P14M-3DT14706.000001S");
            assertThat(rs.getString("m")).isEqualTo("-92233720368547758.08");
            assertThat(rs.getString("ia")).isEqualTo("[[1,null],[3,4]]");
            assertThat(rs.getString("ta")).isEqualTo("[\"\",\"a,b\",\"it's\",null,\"NULL\",\"null\",\"x y\",\"汉字\"]");
            assertThat(rs.getString("na")).isEqualTo("[1.50,0.00001,0]");
            assertThat(rs.getString("ba")).isEqualTo("[true,false,null]");
            assertThat(rs.getString("ip")).isEqualTo("2001:db8::1/64");
            assertThat(rs.getString("tt")).isEqualTo("23:59:59.999999-08");
            assertThat(rs.getString("pair")).isEqualTo("(\"a \"\"q\"\", b\",ok)");
            assertThat(rs.getString("tm")).startsWith("24:00:00");
        }
    }

    @Override
    Map<String, String> smallestChanges() {
        Map<String, String> change = new LinkedHashMap<>();
        change.put("mood", "'ok'");
        change.put("iv", "'P14M-3DT14706.000002S'");
        change.put("m", "-92233720368547758.07");
        change.put("ia", "'[[1,null],[3,5]]'");
        change.put("ta", "'[\"\",\"a,b\",\"it''s\",null,\"NULL\",\"null\",\"x y\",\"汉字!\"]'");
        change.put("na", "'[1.5,0.00001,0]'");
        change.put("ip", "'2001:db8::1/65'");
        change.put("tt", "'23:59:59.999998-08'");
        change.put("ts", "'9999-12-31 23:59:59.999998'");
        change.put("tz", "'2026-03-29 00:30:00.654322'");
        change.put("jb", "'{\"b\": 1, \"a\": [1, 2.51]}'");
        change.put("pos", "0.02");
        return change;
    }

    /** Both sides' rows as read back into legacy's values, each as its canonical encoding. */
    @Override
    Map<Long, String> legacyRows() throws SQLException {
        try (Connection c = TestDatabases.postgresConnection(TestDatabases.LEGACY)) {
            TableDefinition table = PostgresCatalogReader.read(c, "public", TABLE);
            return encoded(c, table, TABLE, Dialect.POSTGRESQL, sorted());
        }
    }

    @Override
    Map<Long, String> targetRows(ShardbridgeConfig config) throws SQLException {
        TableDefinition table;
        try (Connection c = TestDatabases.postgresConnection(TestDatabases.LEGACY)) {
            table = PostgresCatalogReader.read(c, "public", TABLE);
        }
        Map<Long, String> out = sorted();
        for (PhysicalTable p : new ShardLayout(config.target().table(TABLE).orElseThrow(), config.target().shardNames()).physicalTables()) {
            try (Connection c = TestDatabases.mysqlConnection(p.shard().equals("ds0") ? TestDatabases.MYSQL_SHARD0 : TestDatabases.MYSQL_SHARD1)) {
                encoded(c, table, p.table(), Dialect.MYSQL, out);
            }
        }
        return out;
    }

    private static Map<Long, String> encoded(Connection c, TableDefinition table, String physical, Dialect dialect, Map<Long, String> into)
            throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + physical)) {
            while (rs.next()) {
                var image = RowImageReader.image(rs, table, dialect);
                into.put(((Number) image.get("id")).longValue(), CanonicalEncoding.encodeRow(table.columns(), image::get));
            }
        }
        return into;
    }
}
