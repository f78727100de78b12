package io.shardbridge.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.config.ShardbridgeConfig;
import io.shardbridge.config.ShardbridgeConfigLoader;
import io.shardbridge.config.EveryKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The {@code shardbridge.*} properties are the YAML contract (DESIGN §3) key for key: a file that sets every
 * key of the contract ({@code every-key.yaml}, {@link io.shardbridge.config.ConfigKeys#ALL}), flattened the way Spring flattens application.yml and .properties files
 * ({@code a.b[0][1]=v}), reads back as the same configuration as the file itself.
 */
class ShardbridgePropertyTreeTest {
    @Test
    void everyKeyOfTheContractReadsTheSameFromProperties() {
        ShardbridgeConfig fromFile = ShardbridgeConfigLoader.parse(EveryKey.yaml(), "every-key.yaml");
        Map<String, Object> flat = new LinkedHashMap<>(EveryKey.flattened("shardbridge"));
        assertThat(flat).containsEntry("shardbridge.target.binding-tables[0][1]", "order_item");

        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("application.yml", flat));

        assertThat(ShardbridgePropertyTree.config(environment)).isEqualTo(fromFile);
    }

    @Test
    void nestedListsBecomeListsOfLists() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("p", Map.of(
                "shardbridge.target.binding-tables[0][0]", "owners", "shardbridge.target.binding-tables[0][1]", "pets",
                "shardbridge.target.binding-tables[1][0]", "visits", "shardbridge.target.binding-tables[1][1]", "vets")));
        Object target = ShardbridgePropertyTree.tree(environment).get("target");
        assertThat(((Map<?, ?>) target).get("binding-tables")).isEqualTo(List.of(List.of("owners", "pets"), List.of("visits", "vets")));
    }
}
