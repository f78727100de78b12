package io.shardbridge.bridge.jdbc;

import io.shardbridge.jdbc.delegate.DelegationTest;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every method of pgjdbc's {@code PGConnection} extension reaches the delegate of {@link DelegatingPgConnection}. */
class PgDelegationTest {
    @Test
    void everyPgConnectionMethodIsDelegated() throws Exception {
        DelegationTest.assertDelegates(org.postgresql.PGConnection.class, d -> new DelegatingPgConnection(d) { }, 20, Set.of());
    }
}
