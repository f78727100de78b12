package io.shardbridge.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code every-key.yaml}: a configuration that sets every key of {@link ConfigKeys#ALL}, for the tests (here and
 * in the Spring starter) that walk the whole contract.
 */
public final class EveryKey {
    private EveryKey() {
    }

    public static String yaml() {
        try (InputStream in = EveryKey.class.getResourceAsStream("every-key.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The file's leaves as Spring flattens a YAML document into properties: {@code prefix.a.b[0][1] -> value}.
     */
    public static Map<String, String> flattened(String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        flatten(prefix, new Yaml().load(yaml()), out);
        return out;
    }

    /**
     * The contract keys that these property names set ({@code target.tables.orders.shard-key} →
     * {@code target.tables.*.shard-key}; list indexes dropped); a name that is no contract key comes back as it is.
     */
    public static Set<String> contractKeys(Set<String> names, String prefix) {
        Set<String> out = new TreeSet<>();
        for (String name : names) {
            String path = name.substring(prefix.length() + 1).replaceAll("\\[\\d+]", "");
            out.add(ConfigKeys.ALL.stream().filter(k -> ConfigKeys.matches(k, path)).findFirst().orElse(path));
        }
        return out;
    }

    private static void flatten(String path, Object value, Map<String, String> out) {
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
