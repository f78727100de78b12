package io.shardbridge.sharding.shardingsphere;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.shardingsphere.mode.repository.standalone.StandalonePersistRepository;

/**
 * ShardingSphere's standalone metadata repository, kept in a map. ShardingSphere-JDBC persists every
 * table's metadata into a repository at start-up; its default is an embedded H2 database, whose set-up
 * and row-by-row inserts were a quarter of the start-up time. A routing layer that lives inside one
 * process needs nothing durable, so this keeps the same tree in memory (type {@value #TYPE}).
 *
 * <p>The semantics are the H2 repository's: keys are {@code /}-separated paths, persisting a key creates
 * its missing parents with empty values, {@code getChildrenKeys} lists direct children's last segments in
 * reverse order, {@code query} answers "" for a missing key, and {@code delete} removes a key with its subtree.
 */
public final class InMemoryRepository implements StandalonePersistRepository {
    static final String TYPE = "SHARDBRIDGE_MEMORY";
    private static final String SEPARATOR = "/";

    private final NavigableMap<String, String> values = new ConcurrentSkipListMap<>();

    @Override
    public String query(String key) {
        return values.getOrDefault(key, "");
    }

    @Override
    public List<String> getChildrenKeys(String key) {
        String prefix = key.endsWith(SEPARATOR) ? key : key + SEPARATOR;
        List<String> children = new ArrayList<>();
        for (String candidate : values.subMap(prefix, true, prefix + Character.MAX_VALUE, false).keySet()) {
            String rest = candidate.substring(prefix.length());
            if (!rest.isEmpty() && !rest.contains(SEPARATOR)) {
                children.add(rest);
            }
        }
        children.sort(Comparator.reverseOrder());
        return children;
    }

    @Override
    public boolean isExisted(String key) {
        return values.containsKey(key);
    }

    @Override
    public void persist(String key, String value) {
        StringBuilder path = new StringBuilder();
        String[] segments = key.split(SEPARATOR);
        for (int i = 0; i < segments.length - 1; i++) {
            if (!segments[i].isEmpty()) {
                path.append(SEPARATOR).append(segments[i]);
                values.putIfAbsent(path.toString(), "");
            }
        }
        values.put(key, value == null ? "" : value);
    }

    @Override
    public void update(String key, String value) {
        values.computeIfPresent(key, (k, old) -> value == null ? "" : value);
    }

    @Override
    public void delete(String key) {
        values.remove(key);
        values.subMap(key + SEPARATOR, true, key + SEPARATOR + Character.MAX_VALUE, false).clear();
    }

    @Override
    public void close() {
        values.clear();
    }

    @Override
    public String getType() {
        return TYPE;
    }
}
