package io.shardbridge.benchmarks.startup;

import io.shardbridge.benchmarks.jmh.StatementCostBenchmark;
import io.shardbridge.target.ShardedTarget;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.shardingsphere.driver.api.yaml.YamlShardingSphereDataSourceFactory;

/**
 * DataSource start-up time, each measurement in a fresh JVM (start-up is mostly class loading and
 * one-off initialisation, which a warm JVM would hide): stock ShardingSphere-JDBC 5.5.2 from its own YAML
 * (default standalone mode, embedded H2 metadata repository) against shardbridge's sharded target, both
 * over the same two PostgreSQL shards, each to its first point SELECT by shard key. Runs interleaved.
 *
 * <pre>mvn -q -DskipTests install &amp;&amp; mvn -q -pl benchmarks exec:java -Dexec.mainClass=io.shardbridge.benchmarks.startup.StartupTimeBenchmark -Dexec.args=5</pre>
 */
public final class StartupTimeBenchmark {
    private StartupTimeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("child")) {
            child(args[1]);
            return;
        }
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        StatementCostBenchmark.prepareTablesForStartup();
        String classpath = classpath();
        List<String> variants = List.of("stock", "shardbridge");
        List<List<long[]>> results = new ArrayList<>();
        variants.forEach(v -> results.add(new ArrayList<>()));
        for (int r = 0; r < runs; r++) {
            for (int v = 0; v < variants.size(); v++) {
                results.get(v).add(runChild(classpath, variants.get(v)));
            }
        }
        System.out.printf(Locale.ROOT, "%d fresh JVMs per variant; ms, median (min–max)%n", runs);
        System.out.printf(Locale.ROOT, "%-14s %26s %26s %26s%n", "variant", "open", "first statement", "open + first statement");
        for (int v = 0; v < variants.size(); v++) {
            List<long[]> rs = results.get(v);
            System.out.printf(Locale.ROOT, "%-14s %26s %26s %26s%n", variants.get(v), summary(rs, 0), summary(rs, 1), summary(rs, 2));
        }
    }

    private static String summary(List<long[]> runs, int column) {
        long[] values = runs.stream().mapToLong(r -> r[column]).sorted().toArray();
        return String.format(Locale.ROOT, "%d (%d–%d)", values[values.length / 2], values[0], values[values.length - 1]);
    }

    private static long[] runChild(String classpath, String variant) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process p = new ProcessBuilder(java, "-cp", classpath, StartupTimeBenchmark.class.getName(), "child", variant).redirectErrorStream(true).start();
        String result = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("RESULT ")) {
                    result = line.substring(7);
                }
            }
        }
        if (p.waitFor() != 0 || result == null) {
            throw new IllegalStateException("the " + variant + " child failed (exit " + p.exitValue() + ")");
        }
        return Arrays.stream(result.split(" ")).mapToLong(Long::parseLong).toArray();
    }

    private static void child(String variant) throws Exception {
        long start = System.nanoTime();
        AutoCloseable owner;
        DataSource ds;
        if (variant.equals("stock")) {
            ds = YamlShardingSphereDataSourceFactory.createDataSource(StatementCostBenchmark.stockYaml().getBytes(StandardCharsets.UTF_8));
            owner = (AutoCloseable) ds;
        } else {
            ShardedTarget target = ShardedTarget.open(StatementCostBenchmark.config().target());
            ds = target.dataSource();
            owner = target;
        }
        long opened = System.nanoTime();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT val FROM jmh_row WHERE id = ?")) {
            ps.setLong(1, 4);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
        }
        long first = System.nanoTime();
        owner.close();
        System.out.println("RESULT " + (opened - start) / 1_000_000 + " " + (first - opened) / 1_000_000 + " " + (first - start) / 1_000_000);
        System.exit(0);
    }

    /** The classpath this runner was started with (exec:java runs it in a class loader of its own). */
    private static String classpath() {
        if (Thread.currentThread().getContextClassLoader() instanceof URLClassLoader loader) {
            return Arrays.stream(loader.getURLs()).map(StartupTimeBenchmark::path).collect(Collectors.joining(File.pathSeparator));
        }
        return System.getProperty("java.class.path");
    }

    private static String path(URL url) {
        try {
            return new File(url.toURI()).getPath();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
