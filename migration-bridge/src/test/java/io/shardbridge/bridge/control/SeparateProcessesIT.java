package io.shardbridge.bridge.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.bridge.verify.VerifyReport;
import io.shardbridge.config.MigrationPhase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue #5 with instances in separate JVM processes: two child JVMs write through their own migration
 * layer while this one walks the unit to LIVE and back; each child fences and follows through the
 * control store alone, and neither sees a failed write.
 */
class SeparateProcessesIT {
    @Test
    void instancesInOtherProcessesFollowTheFlipWithoutAFailedWrite() throws Exception {
        CoordinatedCluster.reset();
        Path yaml = CoordinatedCluster.yamlFile();
        Path stop = Files.createTempFile("shardbridge-stop-", "");
        Files.delete(stop);
        List<Process> children = new ArrayList<>();
        List<List<String>> outputs = new ArrayList<>();
        try (BridgeDataSource a = CoordinatedCluster.instance("parent")) {
            for (String name : List.of("child-1", "child-2")) {
                Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                        System.getProperty("java.class.path"), InstanceProcess.class.getName(), yaml.toString(), stop.toString(), name)
                        .redirectErrorStream(true).start();
                children.add(p);
                List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
                outputs.add(lines);
                Thread reader = new Thread(() -> {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = r.readLine()) != null) {
                            lines.add(line);
                        }
                    } catch (java.io.IOException e) {
                        lines.add("read failed: " + e);
                    }
                });
                reader.setDaemon(true);
                reader.start();
            }
            for (List<String> lines : outputs) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (lines.stream().noneMatch(l -> l.startsWith("ready")) && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(lines).as("a child instance started").anyMatch(l -> l.startsWith("ready LEGACY_ONLY"));
            }
            a.bridge().moveTo(CoordinatedCluster.UNIT, MigrationPhase.DUAL_WRITE);
            a.bridge().backfill(CoordinatedCluster.UNIT).run(p -> { });
            assertThat(a.bridge().verifier(CoordinatedCluster.UNIT).recheckAfter(Duration.ofMillis(300)).run().equal()).isTrue();
            a.bridge().moveTo(CoordinatedCluster.UNIT, MigrationPhase.SHADOW);
            List<Integer> ready = new ArrayList<>();
            a.bridge().moveTo(CoordinatedCluster.UNIT, MigrationPhase.LIVE, p -> {
                if (p.stage().equals("fencing")) {
                    ready.add(p.instancesAlive());
                }
            });
            assertThat(ready).as("the flip waited for three live instances").contains(3);
            Thread.sleep(500);
            a.bridge().moveTo(CoordinatedCluster.UNIT, MigrationPhase.SHADOW);
            a.bridge().moveTo(CoordinatedCluster.UNIT, MigrationPhase.DUAL_WRITE);
            Files.writeString(stop, "stop");
            for (Process p : children) {
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
            for (int i = 0; i < children.size(); i++) {
                assertThat(children.get(i).exitValue()).as(String.join("\n", outputs.get(i))).isZero();
                assertThat(outputs.get(i)).as("the child followed every move").anyMatch(l -> l.startsWith("done") && l.contains("failures=0")
                        && l.endsWith("phase=DUAL_WRITE"));
            }
            a.bridge().drainIntents(CoordinatedCluster.UNIT);
            VerifyReport last = a.bridge().verifier(CoordinatedCluster.UNIT).recheckAfter(Duration.ZERO).run();
            assertThat(last.differences()).as(last.summary()).isEmpty();
        } finally {
            Files.writeString(stop, "stop");
            children.forEach(Process::destroy);
            Files.deleteIfExists(yaml);
            Files.deleteIfExists(stop);
        }
    }
}
