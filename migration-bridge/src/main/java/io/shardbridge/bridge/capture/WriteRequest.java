package io.shardbridge.bridge.capture;

import io.shardbridge.bridge.sql.StatementShape;
import io.shardbridge.schema.TableDefinition;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * One write statement on a migrating table, about to run on the authoritative side.
 *
 * @param parameterSets one entry per execution (several for a batch); empty for a plain {@link Statement}
 * @param shardKey      the table's shard-key column on the target, or null (a broadcast table)
 * @param settings      applies the caller's statement settings (timeout, …) to a physical statement
 * @param unit          the migration unit the table belongs to (its intents carry the name)
 */
public record WriteRequest(String sql, StatementShape shape, TableDefinition table, String shardKey,
                           List<StatementParameters> parameterSets, boolean batch, KeysRequest keys, Settings settings, String unit) {
    public WriteRequest {
        parameterSets = List.copyOf(parameterSets);
    }

    public boolean prepared() {
        return !parameterSets.isEmpty();
    }

    /** Applies the caller's settings to a physical statement. */
    @FunctionalInterface
    public interface Settings {
        void applyTo(Statement physical) throws SQLException;
    }
}
