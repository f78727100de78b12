package io.shardbridge.bridge.capture;

import java.sql.ResultSet;

/**
 * What the caller sees of a captured write.
 *
 * @param resultSet     rows of the caller's own RETURNING clause, or null
 * @param updateCounts  one count per execution
 * @param generatedKeys the generated keys the caller asked for, or null
 */
public record CaptureResult(ResultSet resultSet, long[] updateCounts, ResultSet generatedKeys) {
    public long totalCount() {
        long sum = 0;
        for (long c : updateCounts) {
            sum += c;
        }
        return sum;
    }
}
