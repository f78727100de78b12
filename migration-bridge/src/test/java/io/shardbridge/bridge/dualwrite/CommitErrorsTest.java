package io.shardbridge.bridge.dualwrite;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class CommitErrorsTest {
    @Test
    void anEmptyWrapperWithTheShardErrorsChainedBehindItGivesWayToTheFirstShardError() {
        // what ShardingSphere 5.5.2's ForceExecuteTemplate throws when a shard's COMMIT fails
        SQLException wrapper = new SQLException("");
        SQLException serialization = new SQLException("could not serialize access due to read/write dependencies", "40001", 0);
        SQLException other = new SQLException("terminating connection", "57P01", 0);
        wrapper.setNextException(serialization);
        wrapper.setNextException(other);

        SQLException surfaced = CommitErrors.withSqlState(wrapper);

        assertThat((Object) surfaced).isSameAs(serialization);
        assertThat(surfaced.getSQLState()).isEqualTo("40001");
        assertThat(surfaced.getMessage()).isNotBlank();
        assertThat(surfaced.getSuppressed()).containsExactly(wrapper);
    }

    @Test
    void aCauseIsSearchedToo() {
        SQLException vendor = new SQLException("Deadlock found when trying to get lock", "40001", 1213);
        SQLException wrapper = new SQLException(null, null, 0, new RuntimeException(vendor));

        SQLException surfaced = CommitErrors.withSqlState(wrapper);

        assertThat(surfaced.getErrorCode()).isEqualTo(1213);
        assertThat(surfaced.getSQLState()).isEqualTo("40001");
    }

    @Test
    void anErrorThatHasItsSqlStateIsLeftAlone() {
        SQLException error = new SQLException("duplicate key", "23505");
        error.setNextException(new SQLException("other", "40001"));

        assertThat((Object) CommitErrors.withSqlState(error)).isSameAs(error);
    }

    @Test
    void withNothingBetterTheOriginalIsKept() {
        SQLException error = new SQLException("no state anywhere");

        assertThat((Object) CommitErrors.withSqlState(error)).isSameAs(error);
    }
}
