package io.shardbridge.bridge.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.bridge.capture.KeysRequest;
import io.shardbridge.config.MigrationPhase.Side;
import io.shardbridge.jdbc.delegate.DelegatingConnection;
import io.shardbridge.jdbc.delegate.DelegatingStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One physical statement per side, reused while connection, text and keys stay the same. */
class PhysicalStatementsTest {
    private final Connection legacy = new DelegatingConnection(null) { };
    private final Connection target = new DelegatingConnection(null) { };
    private final List<FakeStatement> opened = new ArrayList<>();
    private final PhysicalStatements<FakeStatement> statements = new PhysicalStatements<>((c, sql, keys) -> {
        FakeStatement st = new FakeStatement(sql);
        opened.add(st);
        return st;
    });

    /** A statement that knows only whether it is closed. */
    static final class FakeStatement extends DelegatingStatement {
        final String sql;
        boolean closed;

        FakeStatement(String sql) {
            super(null);
            this.sql = sql;
        }

        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void theSameSideTextAndKeysReuseOneStatement() throws SQLException {
        FakeStatement first = statements.on(Side.LEGACY, legacy, "SELECT 1", KeysRequest.NONE);
        assertThat(statements.on(Side.LEGACY, legacy, new String("SELECT 1"), KeysRequest.NONE)).isSameAs(first);
        assertThat(opened).hasSize(1);
    }

    @Test
    void eachSideKeepsItsOwn() throws SQLException {
        FakeStatement onLegacy = statements.on(Side.LEGACY, legacy, "SELECT 1", KeysRequest.NONE);
        FakeStatement onTarget = statements.on(Side.TARGET, target, "SELECT 1", KeysRequest.NONE);
        assertThat(onTarget).isNotSameAs(onLegacy);
        assertThat(statements.on(Side.LEGACY, legacy, "SELECT 1", KeysRequest.NONE)).isSameAs(onLegacy);
        assertThat(statements.on(Side.TARGET, target, "SELECT 1", KeysRequest.NONE)).isSameAs(onTarget);
        assertThat(opened).hasSize(2);
    }

    @Test
    void anotherTextKeysOrConnectionReplacesTheStatementAndClosesTheOldOne() throws SQLException {
        FakeStatement first = statements.on(Side.TARGET, target, "INSERT 1", KeysRequest.NONE);
        FakeStatement otherText = statements.on(Side.TARGET, target, "INSERT 2", KeysRequest.NONE);
        FakeStatement otherKeys = statements.on(Side.TARGET, target, "INSERT 2", KeysRequest.ALL);
        FakeStatement otherConnection = statements.on(Side.TARGET, legacy, "INSERT 2", KeysRequest.ALL);
        assertThat(List.of(first, otherText, otherKeys, otherConnection)).doesNotHaveDuplicates();
        assertThat(first.closed).isTrue();
        assertThat(otherText.closed).isTrue();
        assertThat(otherKeys.closed).isTrue();
        assertThat(otherConnection.closed).isFalse();
    }

    @Test
    void aStatementClosedUnderneathIsReopened() throws SQLException {
        FakeStatement first = statements.on(Side.LEGACY, legacy, null, KeysRequest.NONE);
        first.closed = true;
        assertThat(statements.on(Side.LEGACY, legacy, null, KeysRequest.NONE)).isNotSameAs(first);
    }

    @Test
    void closeClosesEveryStatementKept() throws SQLException {
        FakeStatement onLegacy = statements.on(Side.LEGACY, legacy, "SELECT 1", KeysRequest.NONE);
        FakeStatement onTarget = statements.on(Side.TARGET, target, "SELECT 1", KeysRequest.NONE);
        statements.close();
        assertThat(onLegacy.closed).isTrue();
        assertThat(onTarget.closed).isTrue();
        assertThat(statements.on(Side.LEGACY, legacy, "SELECT 1", KeysRequest.NONE)).isNotSameAs(onLegacy);
    }
}
