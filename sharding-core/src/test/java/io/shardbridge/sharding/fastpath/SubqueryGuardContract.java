package io.shardbridge.sharding.fastpath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardbridge.config.Dialect;
import io.shardbridge.target.ShardedTarget;
import io.shardbridge.testing.TestTargets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The subquery shapes stock ShardingSphere-JDBC answers wrongly without an error are refused (0A000,
 * naming the table), and the co-located shapes run and answer what one database holding every row would.
 * Seed: orders of users 1–8, two each, amounts u.05 and u.15; order items for users 1 and 2.
 */
abstract class SubqueryGuardContract {
    private static final String PINNED_BOTH = "SELECT order_id FROM orders WHERE user_id = ? AND amount > (SELECT AVG(amount) AS a FROM orders WHERE user_id = ?) ORDER BY order_id";
    private static final String OUTER_UNPINNED = "SELECT order_id FROM orders WHERE amount > (SELECT AVG(amount) AS a FROM orders WHERE user_id = 3) ORDER BY order_id";

    private ShardedTarget target;

    abstract Dialect dialect();

    @BeforeEach
    void seeded() throws SQLException {
        target = TestTargets.target(dialect());
        TestTargets.truncateAll(target);
        FastPathDifferentialContract.seed(target);
    }

    @Test
    void shapesShardingSphereAnswersWronglyAreRefused() throws SQLException {
        try (Connection c = target.dataSource().getConnection()) {
            for (String sql : List.of(OUTER_UNPINNED,
                    "SELECT order_id FROM orders WHERE amount > (SELECT AVG(amount) AS a FROM orders) ORDER BY order_id",
                    "SELECT order_id FROM orders o WHERE EXISTS (SELECT 1 FROM orders i WHERE i.amount > 8) ORDER BY order_id",
                    "SELECT order_id FROM orders WHERE user_id IN (SELECT user_id FROM card WHERE balance > 1) ORDER BY order_id")) {
                assertThatThrownBy(() -> c.prepareStatement(sql)).as(sql).isInstanceOf(SQLException.class)
                        .hasMessageContaining("statement refused").hasMessageContaining("docs/sharding.md")
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"));
                try (Statement st = c.createStatement()) {
                    assertThatThrownBy(() -> st.executeQuery(sql)).as(sql).isInstanceOf(SQLException.class).hasMessageContaining("statement refused");
                }
            }
            try (PreparedStatement ps = c.prepareStatement(PINNED_BOTH)) {
                ps.setLong(1, 3);
                ps.setLong(2, 5);
                assertThatThrownBy(ps::executeQuery).isInstanceOf(SQLException.class).hasMessageContaining("different physical tables")
                        .hasMessageContaining("orders");
                ps.setLong(2, 3); // the same value: co-located, allowed, and right
                assertThat(ids(ps.executeQuery())).containsExactly(1103L);
            }
        }
    }

    @Test
    void coLocatedShapesRunAndAnswerRight() throws SQLException {
        try (Connection c = target.dataSource().getConnection(); Statement st = c.createStatement()) {
            // correlated on the shard key: each user's orders above that user's own average
            assertThat(ids(st.executeQuery("SELECT o.order_id FROM orders o WHERE o.amount > "
                    + "(SELECT AVG(i.amount) AS a FROM orders i WHERE i.user_id = o.user_id) ORDER BY o.order_id")))
                    .containsExactly(1101L, 1102L, 1103L, 1104L, 1105L, 1106L, 1107L, 1108L);
            // a shard-key list from a binding table
            assertThat(ids(st.executeQuery("SELECT order_id FROM orders WHERE user_id IN (SELECT user_id FROM order_item WHERE qty > 1) ORDER BY order_id")))
                    .containsExactly(102L, 1102L);
            // a subquery on a broadcast table is whole on every shard
            assertThat(ids(st.executeQuery("SELECT order_id FROM orders WHERE user_id = 1 AND status NOT IN (SELECT bank FROM card_bin) ORDER BY order_id")))
                    .containsExactly(101L, 1101L);
        }
    }

    @Test
    void withoutTheGuardShardingSphereAnswersWronglyAndSilently() throws SQLException {
        try (Connection c = target.dataSourceWithoutFastPath().getConnection(); Statement st = c.createStatement()) {
            List<Long> right = List.of(104L, 105L, 106L, 107L, 108L, 1103L, 1104L, 1105L, 1106L, 1107L, 1108L);
            assertThat(ids(st.executeQuery(OUTER_UNPINNED))).as("why the guard exists").isNotEqualTo(right).isNotEmpty();
        }
    }

    private static List<Long> ids(ResultSet rs) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (rs) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        out.sort(null);
        return out;
    }
}
