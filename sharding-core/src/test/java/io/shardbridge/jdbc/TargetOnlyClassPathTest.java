package io.shardbridge.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * With only shardbridge-sharding-core on the class path (as in this module's tests), a file that
 * describes a migration must not open as a target-only DataSource: a unit in DUAL_WRITE would then write
 * the shards alone while legacy, the authoritative side, received nothing.
 */
class TargetOnlyClassPathTest {
    private static final String TARGET = """
            target:
              shards:
                ds0: { url: "jdbc:postgresql://127.0.0.1:1/never_opened", username: postgres }
              tables:
                acct: { shard-key: user_id, algorithm: mod }
            """;

    @Test
    void aFileWithLegacyAndMigrationsIsRefusedNamingTheMissingArtifact() throws Exception {
        Path yaml = Files.createTempFile("migration-", ".yaml");
        Files.writeString(yaml, """
                legacy:
                  url: jdbc:postgresql://127.0.0.1:1/legacy_never_opened
                  username: postgres
                """ + TARGET + """
                migrations:
                  acct: { tables: [acct], phase: DUAL_WRITE }
                """);
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:shardbridge:file:" + yaml))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("shardbridge-migration-bridge")
                .hasMessageContaining("legacy").hasMessageContaining("migrations")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"));
    }
}
