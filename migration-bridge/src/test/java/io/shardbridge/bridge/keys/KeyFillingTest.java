package io.shardbridge.bridge.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.bridge.capture.KeysRequest;
import io.shardbridge.bridge.capture.StatementParameters;
import io.shardbridge.bridge.sql.StatementClassifier;
import io.shardbridge.config.Dialect;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The INSERT text and parameters {@link KeyFilling} produces, without a database. */
class KeyFillingTest {
    private static final SequenceColumn ID = new SequenceColumn("card", "id", "public.card_id_seq", Types.INTEGER, Integer.MAX_VALUE);
    private final AtomicLong counter = new AtomicLong(100);
    private final KeyFilling filling = new KeyFilling((unit, column, epoch) -> counter.getAndIncrement(), Map.of("card", List.of(ID)));
    private final StatementClassifier classifier = new StatementClassifier(Dialect.POSTGRESQL);

    private KeyFilling.Filled fill(String sql, KeysRequest keys, List<StatementParameters> sets) throws SQLException {
        return filling.fill(sql, classifier.classify(sql), "u", 1, keys, sets);
    }

    @Test
    void addsTheKeyColumnAndOneParameterPerRowAmongTheCallersParameters() throws SQLException {
        String sql = "INSERT INTO card (user_id, note) VALUES (?, 'a)b'), (?, ?) ON CONFLICT (user_id) DO UPDATE SET note = ?";
        KeyFilling.Filled filled = fill(sql, KeysRequest.NONE, List.of(values(7, 8, "x", "y")));
        assertThat(filled.sql()).isEqualTo("INSERT INTO card (user_id, note, id) VALUES (?, 'a)b', ?), (?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET note = ?");
        StatementParameters p = filled.parameterSets().get(0);
        List<Object> bound = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            bound.add(p.value(i));
        }
        assertThat(bound).containsExactly(7, 100, 8, "x", 101, "y");
        assertThat(classifier.classify(filled.sql()).insertColumns()).containsExactly("user_id", "note", "id");
    }

    @Test
    void aKeyGivenAsDefaultInEveryRowIsFilledInPlace() throws SQLException {
        KeyFilling.Filled filled = fill("INSERT INTO card (id, user_id) VALUES (DEFAULT, ?), (default, ?) RETURNING id", KeysRequest.ALL,
                List.of(values(5, 6)));
        assertThat(filled.sql()).isEqualTo("INSERT INTO card (id, user_id) VALUES (?, ?), (?, ?) RETURNING id");
        StatementParameters p = filled.parameterSets().get(0);
        assertThat(List.of(p.value(0), p.value(1), p.value(2), p.value(3))).containsExactly(100, 5, 101, 6);
        assertThat(fill("INSERT INTO card (id, user_id) VALUES (DEFAULT, ?), (7, ?)", KeysRequest.NONE, List.of(values(5, 6))))
                .as("DEFAULT in some rows only: left to the statement").isNull();
    }

    @Test
    void aPlainStatementGetsParametersForItsKeysOnly() throws SQLException {
        KeyFilling.Filled filled = fill("insert into card(user_id) values (1) /* c */ returning id", KeysRequest.NONE, List.of());
        assertThat(filled.sql()).isEqualTo("insert into card(user_id, id) values (1, ?) /* c */ returning id");
        assertThat(filled.parameterSets().get(0).value(0)).isEqualTo(100);
    }

    @Test
    void generatedKeysAnswerTheCallersRequestWithTheFilledKeys() throws SQLException {
        KeyFilling.Filled filled = fill("INSERT INTO card (user_id) VALUES (?)", new KeysRequest(false, List.of("id")), List.of(values(1), values(2)));
        assertThat(filled.downstreamKeys()).isEqualTo(KeysRequest.NONE);
        ResultSet keys = filled.generatedKeys();
        assertThat(keys.getMetaData().getColumnLabel(1)).isEqualTo("id");
        List<Long> ids = new ArrayList<>();
        while (keys.next()) {
            ids.add(keys.getLong(1));
            assertThat(keys.getObject("id")).isInstanceOf(Integer.class);
        }
        assertThat(ids).containsExactly(100L, 101L);
        KeyFilling.Filled other = fill("INSERT INTO card (user_id) VALUES (?)", new KeysRequest(false, List.of("id", "created_at")), List.of(values(1)));
        assertThat(other.generatedKeys()).as("columns the filling does not know are left to the statement").isNull();
        assertThat(other.downstreamKeys().columns()).containsExactly("id", "created_at");
    }

    @Test
    void anInsertThatGivesItsKeyOrNamesNoColumnsIsLeftAlone() throws SQLException {
        assertThat(fill("INSERT INTO card (id, user_id) VALUES (?, ?)", KeysRequest.NONE, List.of(values(1, 2)))).isNull();
        assertThat(fill("INSERT INTO other (user_id) VALUES (?)", KeysRequest.NONE, List.of(values(1)))).isNull();
        assertThat(fill("UPDATE card SET user_id = 1", KeysRequest.NONE, List.of())).isNull();
        assertThat(fill("INSERT INTO card SELECT * FROM card_old", KeysRequest.NONE, List.of())).isNull();
        assertThat(fill("INSERT INTO card (user_id) VALUES (?)", KeysRequest.NONE, List.of())).as("a plain statement with a marker").isNull();
    }

    private static StatementParameters values(Object... values) {
        return new StatementParameters() {
            @Override
            public void bindAll(PreparedStatement target) throws SQLException {
                for (int i = 0; i < values.length; i++) {
                    target.setObject(i + 1, values[i]);
                }
            }

            @Override
            public void bind(PreparedStatement target, int sourceIndex, int targetPosition) throws SQLException {
                target.setObject(targetPosition, values[sourceIndex]);
            }

            @Override
            public Object value(int sourceIndex) {
                return values[sourceIndex];
            }
        };
    }
}
