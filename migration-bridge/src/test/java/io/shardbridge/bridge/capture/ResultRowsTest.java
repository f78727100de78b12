package io.shardbridge.bridge.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ResultRowsTest {

    /** JDBC: getGeneratedKeys() of a statement that generated none is an empty result set, not an error. */
    @Test
    void noGeneratedKeysIsAnEmptyResultSetWithoutColumns() throws SQLException {
        try (ResultSet none = ResultRows.emptyResultSet()) {
            assertThat(none.getMetaData().getColumnCount()).isZero();
            assertThat(none.next()).isFalse();
        }
    }
}
