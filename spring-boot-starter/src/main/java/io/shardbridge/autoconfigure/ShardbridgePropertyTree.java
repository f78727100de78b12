package io.shardbridge.autoconfigure;

import io.shardbridge.config.ShardbridgeConfig;
import io.shardbridge.config.ShardbridgeConfigLoader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * The {@code shardbridge.*} properties as the same tree the YAML file gives (DESIGN §3), read by the
 * same strict reader: unknown keys, bad values and missing settings fail with the same messages, each
 * beginning with its path ({@code shardbridge.target.tables.bank_card.shard-key: …}). Keys are taken as
 * written in the property sources (kebab-case, as in the docs); list items as {@code key[0]}, {@code key[1]},
 * lists of lists as {@code key[0][1]}.
 */
final class ShardbridgePropertyTree {
    static final String PREFIX = "shardbridge.";
    private static final Pattern SEGMENT = Pattern.compile("^([^\\[]*)((?:\\[\\d+])*)$");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    private ShardbridgePropertyTree() {
    }

    static ShardbridgeConfig config(ConfigurableEnvironment environment) {
        return ShardbridgeConfigLoader.fromTree(tree(environment), "shardbridge", "the shardbridge.* properties");
    }

    /**
     * As {@link #config(ConfigurableEnvironment)}, with the application's own DataSource as legacy when no
     * legacy URL is configured: its URL and user are read from the connection (the pool itself is used as
     * it is, so no password is needed).
     */
    @SuppressWarnings("unchecked")
    static ShardbridgeConfig config(ConfigurableEnvironment environment, javax.sql.DataSource legacy) {
        Map<String, Object> tree = tree(environment);
        if (!tree.containsKey("legacy")) {
            try (java.sql.Connection c = legacy.getConnection()) {
                Map<String, Object> endpoint = new LinkedHashMap<>();
                endpoint.put("url", c.getMetaData().getURL());
                endpoint.put("username", String.valueOf(c.getMetaData().getUserName()));
                tree.put("legacy", endpoint);
            } catch (java.sql.SQLException e) {
                throw new io.shardbridge.ShardbridgeException("cannot reach the application's DataSource to migrate it (" + e.getMessage()
                        + "); check its configuration, or set shardbridge.legacy.url", e);
            }
        }
        return ShardbridgeConfigLoader.fromTree(tree, "shardbridge", "the shardbridge.* properties");
    }

    /** The nested map of every {@code shardbridge.*} property, resolved (placeholders filled in), highest-precedence source winning. */
    static Map<String, Object> tree(ConfigurableEnvironment environment) {
        Map<String, String> flat = new TreeMap<>();
        List<PropertySource<?>> sources = new ArrayList<>();
        environment.getPropertySources().forEach(sources::add);
        for (PropertySource<?> source : sources) {
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                for (String name : enumerable.getPropertyNames()) {
                    if (name.startsWith(PREFIX) && !flat.containsKey(name) && !name.startsWith(PREFIX + "spring.")) {
                        flat.put(name, environment.getProperty(name));
                    }
                }
            }
        }
        Map<String, Object> root = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : flat.entrySet()) {
            String path = e.getKey().substring(PREFIX.length());
            if (isStarterSetting(path)) {
                continue;
            }
            put(root, path.split("\\."), 0, e.getValue());
        }
        if (!root.containsKey("legacy") && environment.getProperty("spring.datasource.url") != null) {
            // the service's own database is the legacy one: a Boot service moves off it by configuration only
            Map<String, Object> legacy = new LinkedHashMap<>();
            legacy.put("url", environment.getProperty("spring.datasource.url"));
            legacy.put("username", environment.getProperty("spring.datasource.username", ""));
            legacy.put("password", environment.getProperty("spring.datasource.password", ""));
            root.put("legacy", legacy);
        }
        return listsFromIndexes(root);
    }

    /** Settings of the starter itself, not of the configuration contract. */
    static boolean isStarterSetting(String path) {
        return path.equals("enabled") || path.startsWith("refresh-ms");
    }

    /**
     * Puts one property into the tree. A path segment may carry any number of indexes, as Spring gives nested
     * YAML lists ({@code binding-tables[0][1]=pets}): each index opens one more list level.
     */
    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> node, String[] parts, int i, String value) {
        Matcher segment = SEGMENT.matcher(parts[i]);
        String key = parts[i];
        if (segment.matches() && !segment.group(2).isEmpty()) {
            key = segment.group(1);
            Matcher index = INDEX.matcher(segment.group(2));
            while (index.find()) {
                node = (Map<String, Object>) node.computeIfAbsent(key, k -> new IndexedList());
                key = index.group(1);
            }
        }
        if (i == parts.length - 1) {
            node.put(key, value);
        } else {
            Map<String, Object> child = (Map<String, Object>) node.computeIfAbsent(key, k -> new LinkedHashMap<String, Object>());
            put(child, parts, i + 1, value);
        }
    }

    /** Marks a map built from {@code key[n]} entries, to be turned into a list. */
    private static final class IndexedList extends TreeMap<String, Object> {
        IndexedList() {
            super((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> listsFromIndexes(Map<String, Object> node) {
        Map<String, Object> out = new LinkedHashMap<>();
        node.forEach((k, v) -> out.put(k, convert(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object convert(Object value) {
        if (value instanceof IndexedList list) {
            List<Object> out = new ArrayList<>();
            list.values().forEach(v -> out.add(convert(v)));
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            return listsFromIndexes((Map<String, Object>) map);
        }
        return value;
    }
}
