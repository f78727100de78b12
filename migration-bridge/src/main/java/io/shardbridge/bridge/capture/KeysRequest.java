package io.shardbridge.bridge.capture;

import java.util.List;

/**
 * The generated keys a caller asked for when it prepared or executed the statement.
 *
 * @param columns the requested column names (lower case); empty with {@code all} false means none
 */
public record KeysRequest(boolean all, List<String> columns) {
    public static final KeysRequest NONE = new KeysRequest(false, List.of());
    public static final KeysRequest ALL = new KeysRequest(true, List.of());

    public KeysRequest {
        columns = List.copyOf(columns);
    }

    public boolean any() {
        return all || !columns.isEmpty();
    }
}
