package io.shardbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * {@link ConfigKeys#ALL} is the contract the reader enforces: reading a file that sets every key, the reader asks
 * for exactly those keys (a key added to {@link ConfigReader} and not to the list fails here), and the file sets
 * every one of them (so the tests that walk it, here and in the starter, miss none).
 */
class ConfigKeysTest {
    @Test
    void theReaderAsksForExactlyTheContractKeys() {
        Map<String, Object> tree = new Yaml().load(EveryKey.yaml());
        YamlNode root = YamlNode.of("", tree);

        ConfigReader.read(root, "every-key.yaml");

        assertThat(root.keysAsked()).containsExactlyInAnyOrderElementsOf(ConfigKeys.ALL);
    }

    @Test
    void theEveryKeyFileSetsEveryContractKey() {
        Set<String> set = EveryKey.contractKeys(EveryKey.flattened("x").keySet(), "x");
        assertThat(set).containsExactlyInAnyOrderElementsOf(new TreeSet<>(ConfigKeys.ALL));
        assertThat(ConfigKeys.ALL).doesNotHaveDuplicates();
    }

    @Test
    void aPatternMatchesThePathsItStandsFor() {
        assertThat(ConfigKeys.matches("target.tables.*.shard-key", "target.tables.card.shard-key")).isTrue();
        assertThat(ConfigKeys.matches("target.tables.*.shard-key", "target.tables.card.algorithm")).isFalse();
        assertThat(ConfigKeys.matches("target.tables.*.shard-key", "target.tables.shard-key")).isFalse();
    }
}
