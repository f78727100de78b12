package io.shardbridge.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A YAML mapping read strictly: every getter records the key it consumed, and
 * {@link #rejectUnknownKeys()} then names any key nobody asked for, with the closest known key as the
 * likely fix. This is what turns {@code shard-kye: user_id} into an error instead of a silent default.
 */
final class YamlNode {
    private final String path;
    private final Map<String, Object> values;
    private final Set<String> consumed = new LinkedHashSet<>();
    /** The nodes read from this one, by key: what {@link #keysAsked()} walks. */
    private final Map<String, YamlNode> children = new LinkedHashMap<>();
    /** Whether this node's keys are names the user chose (tables, shards, units): see {@link #consumeAll()}. */
    private boolean named;

    YamlNode(String path, Map<String, Object> values) {
        this.path = path;
        this.values = values;
    }

    static YamlNode of(String path, Object value) {
        if (value == null) {
            return new YamlNode(path, Map.of());
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new ConfigException(path, "expected a mapping (key: value lines) but found " + describe(value));
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(String.valueOf(k), v));
        return new YamlNode(path, copy);
    }

    String path() {
        return path;
    }

    String childPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean has(String key) {
        consumed.add(key);
        return values.containsKey(key) && values.get(key) != null;
    }

    Set<String> keys() {
        return values.keySet();
    }

    /** Marks every key as known: for maps whose keys are user names (tables, shards, units). */
    void consumeAll() {
        consumed.addAll(values.keySet());
        named = true;
    }

    Object raw(String key) {
        consumed.add(key);
        return values.get(key);
    }

    String requireString(String key, String hint) {
        Object value = raw(key);
        if (value == null) {
            throw new ConfigException(childPath(key), "missing; " + hint);
        }
        return scalar(key, value);
    }

    Optional<String> optionalString(String key) {
        Object value = raw(key);
        return value == null ? Optional.empty() : Optional.of(scalar(key, value));
    }

    int optionalInt(String key, int defaultValue, int min, int max) {
        Object value = raw(key);
        if (value == null) {
            return defaultValue;
        }
        int parsed;
        try {
            parsed = value instanceof Number n ? Math.toIntExact(n.longValue()) : Integer.parseInt(scalar(key, value).trim());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ConfigException(childPath(key), "expected a whole number but found '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw new ConfigException(childPath(key), "must be between " + min + " and " + max + " but is " + parsed);
        }
        return parsed;
    }

    boolean optionalBoolean(String key, boolean defaultValue) {
        Object value = raw(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = scalar(key, value).trim().toLowerCase(java.util.Locale.ROOT);
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(childPath(key), "expected true or false but found '" + value + "'");
        };
    }

    YamlNode child(String key) {
        YamlNode child = of(childPath(key), raw(key));
        children.put(key, child);
        return child;
    }

    /**
     * The leaf keys the reader asked this node and the nodes it read from it for, as paths below this node with
     * {@code *} for a name the user chose ({@code tables.*.shard-key}): the keys the reader knows, in the form of
     * {@link ConfigKeys#ALL}. A key read as a mapping (somewhere) stands for the keys asked of that mapping.
     */
    Set<String> keysAsked() {
        Set<String> out = keysAskedHere();
        out.removeIf(key -> out.stream().anyMatch(other -> other.startsWith(key + ".")));
        return out;
    }

    private Set<String> keysAskedHere() {
        Set<String> out = new java.util.TreeSet<>();
        for (String key : consumed) {
            String segment = named ? "*" : key;
            YamlNode child = children.get(key);
            if (child == null) {
                out.add(segment);
            } else {
                child.keysAskedHere().forEach(k -> out.add(segment + "." + k));
            }
        }
        return out;
    }

    List<Object> list(String key) {
        Object value = raw(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new ConfigException(childPath(key), "expected a list ([a, b] or '- a' lines) but found " + describe(value));
        }
        return new ArrayList<>(list);
    }

    List<String> stringList(String key) {
        List<String> out = new ArrayList<>();
        for (Object item : list(key)) {
            if (item == null || item instanceof Map || item instanceof List) {
                throw new ConfigException(childPath(key), "expected a list of names but found " + describe(item));
            }
            out.add(String.valueOf(item));
        }
        return out;
    }

    void rejectUnknownKeys() {
        for (String key : values.keySet()) {
            if (!consumed.contains(key)) {
                String suggestion = closest(key, consumed)
                        .map(known -> " Did you mean '" + known + "'?")
                        .orElse(" Known keys here: " + String.join(", ", consumed) + ".");
                throw new ConfigException(childPath(key), "unknown setting '" + key + "'." + suggestion);
            }
        }
    }

    private String scalar(String key, Object value) {
        if (value instanceof Map || value instanceof List) {
            throw new ConfigException(childPath(key), "expected a single value but found " + describe(value));
        }
        if (value instanceof java.util.Date date) {
            // SnakeYAML reads an unquoted 2024-01-01 as a timestamp at UTC midnight; give back what was written
            java.time.OffsetDateTime utc = date.toInstant().atOffset(java.time.ZoneOffset.UTC);
            return utc.toLocalTime().equals(java.time.LocalTime.MIDNIGHT) ? utc.toLocalDate().toString() : utc.toString();
        }
        return String.valueOf(value);
    }

    static String describe(Object value) {
        if (value == null) {
            return "nothing";
        }
        if (value instanceof Map) {
            return "a mapping";
        }
        if (value instanceof List) {
            return "a list";
        }
        return "'" + value + "'";
    }

    private static Optional<String> closest(String key, Set<String> known) {
        return known.stream()
                .filter(k -> editDistance(k, key) <= Math.max(2, key.length() / 3))
                .min(Comparator.comparingInt(k -> editDistance(k, key)));
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
