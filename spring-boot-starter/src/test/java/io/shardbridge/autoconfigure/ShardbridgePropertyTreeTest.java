package io.shardbridge.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.config.ShardbridgeConfig;
import io.shardbridge.config.ShardbridgeConfigLoader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.yaml.snakeyaml.Yaml;

/**
 * The {@code shardbridge.*} properties are the YAML contract (DESIGN §3) key for key: a file that sets every
 * key of docs/configuration.md, flattened the way Spring flattens application.yml and .properties files
 * ({@code a.b[0][1]=v}), reads back as the same configuration as the file itself.
 */
class ShardbridgePropertyTreeTest {
    /** Every key of the configuration reference, nested lists included. */
    static final String EVERY_KEY = """
            legacy: { url: "jdbc:postgresql://h/legacy", username: app, password: s3cret, max-pool-size: 7 }
            target:
              dialect: postgresql
              sql-dialect: postgresql
              max-pool-size: 9
              connect-timeout-seconds: 4
              subquery-guard: false
              fast-path: false
              shards:
                ds0: { url: "jdbc:postgresql://h/s0", username: app, password: p0, max-pool-size: 3 }
                ds1: { url: "jdbc:postgresql://h/s1", username: app }
              tables:
                orders: { shard-key: owner_id, tables-per-shard: 2, algorithm: hash-mod, key-generate: { column: id } }
                order_item: { shard-key: owner_id, tables-per-shard: 2, algorithm: hash-mod, column-types: { tags: json, span: text } }
                ledger: { shard-key: amount_band, tables-per-shard: 2, algorithm: range, boundaries: [100, 200, 300] }
                event: { shard-key: created_on, algorithm: interval, interval-start: "2024-01-01", interval-unit: days, interval-amount: 7 }
              binding-tables: [[orders, order_item]]
              broadcast-tables: [country, currency]
            control:
              url: "jdbc:postgresql://h/control"
              username: ctl
              password: c
              max-pool-size: 2
              heartbeat-ms: 50
              instance-dead-after-ms: 4000
            migrations:
              orders:
                tables: [orders, order_item]
                phase: DUAL_WRITE
                shadow-read-percent: 5
                mirror-failure: fail
                mirror-timeout-ms: 1500
                circuit-breaker-failures: 3
                circuit-breaker-open-ms: 2500
                fence-timeout-ms: 7000
                key-block-size: 250
                capture: logical
                outside-writes-quiet-ms: 60000
                catch-up-warn-mb: 64
              books: { tables: [ledger, event, country] }
            """;

    @Test
    void everyKeyOfTheContractReadsTheSameFromProperties() {
        ShardbridgeConfig fromFile = ShardbridgeConfigLoader.parse(EVERY_KEY, "every-key.yaml");
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("shardbridge", new Yaml().load(EVERY_KEY), flat);
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

    /** As Spring's YAML loader flattens a document into properties. */
    private static void flatten(String path, Object value, Map<String, Object> out) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(path + "." + k, v, out));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flatten(path + "[" + i + "]", list.get(i), out);
            }
        } else {
            out.put(path, String.valueOf(value));
        }
    }
}
