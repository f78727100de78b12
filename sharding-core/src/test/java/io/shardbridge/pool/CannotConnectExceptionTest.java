package io.shardbridge.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import org.junit.jupiter.api.Test;

/** Which failed first connections a later attempt can get past, decided on the SQLState alone. */
class CannotConnectExceptionTest {

    @Test
    void connectionExceptionsAndAServerStartingUpAreUnreachable() {
        for (String state : new String[] {"08001", "08006", "08000", "08S01", "08004", "57P03"}) {
            assertThat(failure(state).unreachable()).as(state).isTrue();
        }
    }

    @Test
    void refusedCredentialsAMissingDatabaseOrNoSqlStateAreNot() {
        for (String state : new String[] {"28P01", "28000", "3D000", "42000", "42601", null}) {
            assertThat(failure(state).unreachable()).as(String.valueOf(state)).isFalse();
        }
        assertThat(CannotConnectException.credentialsRefused("28P01")).isTrue();
        assertThat(CannotConnectException.credentialsRefused("28000")).isTrue();
        assertThat(CannotConnectException.credentialsRefused("08001")).isFalse();
    }

    @Test
    void theSqlStateIsTheFirstOneInTheCauseChain() {
        SQLException driver = new SQLNonTransientConnectionException("Socket fail to connect", "08000");
        RuntimeException wrapped = new RuntimeException("pool init", new RuntimeException("inner", driver));
        assertThat(CannotConnectException.sqlStateOf(wrapped)).isEqualTo("08000");
        assertThat(CannotConnectException.sqlStateOf(new RuntimeException("no SQL here"))).isNull();
    }

    private static CannotConnectException failure(String sqlState) {
        return new CannotConnectException("shard ds1", sqlState, "cannot connect to shard ds1", null);
    }
}
