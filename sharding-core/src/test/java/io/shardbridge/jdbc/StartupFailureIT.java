package io.shardbridge.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardbridge.ShardbridgeException;
import io.shardbridge.config.ShardbridgeConfigLoader;
import io.shardbridge.config.TargetConfig;
import io.shardbridge.target.ShardedTarget;
import io.shardbridge.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Bad input at start-up: an unreachable shard, a missing file, a broken YAML, through the API and the driver. */
class StartupFailureIT {
    private static final String UNREACHABLE = """
            target:
              connect-timeout-seconds: 2
              shards:
                ds0: { url: "%s", username: postgres }
                ds1: { url: "jdbc:postgresql://127.0.0.1:1/nowhere?password=hunter2", username: postgres, password: "topsecret" }
              tables:
                t: { shard-key: id, algorithm: mod }
            """;

    @Test
    void anUnreachableShardIsNamedWithItsUrlButNotItsPassword() {
        TargetConfig target = ShardbridgeConfigLoader.parse(UNREACHABLE.formatted(TestDatabases.postgresUrl(TestDatabases.PG_SHARD0)), "t.yaml").target();
        assertThatThrownBy(() -> ShardedTarget.open(target))
                .isInstanceOf(ShardbridgeException.class)
                .hasMessageContaining("shard ds1")
                .hasMessageContaining("jdbc:postgresql://127.0.0.1:1/nowhere")
                .hasMessageContaining("Check that the server is running")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("topsecret"));
    }

    @Test
    void theDriverReportsStartupProblemsAsConnectionErrors() throws Exception {
        Path yaml = Files.createTempFile("unreachable-", ".yaml");
        Files.writeString(yaml, UNREACHABLE.formatted(TestDatabases.postgresUrl(TestDatabases.PG_SHARD0)));
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:shardbridge:file:" + yaml))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("shard ds1")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"));
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:shardbridge:file:/no/such/app.yaml"))
                .isInstanceOf(SQLException.class).hasMessageContaining("/no/such/app.yaml");
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:shardbridge:classpath:missing.yaml"))
                .isInstanceOf(SQLException.class).hasMessageContaining("no classpath resource 'missing.yaml'");
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:shardbridge:/etc/app.yaml"))
                .isInstanceOf(SQLException.class).hasMessageContaining("jdbc:shardbridge:file:/path/app.yaml");
        Path broken = Files.createTempFile("broken-", ".yaml");
        Files.writeString(broken, "target:\n  shards:\n    ds0: {url: x\n");
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:shardbridge:file:" + broken))
                .isInstanceOf(SQLException.class).hasMessageContaining("is not valid YAML at line");
    }
}
