package io.shardbridge.bridge.row;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.schema.ColumnDefinition;
import io.shardbridge.schema.TableDefinition;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KeyCodecTest {
    private static ColumnDefinition column(String name, String type) {
        return new ColumnDefinition(name, type, true, Optional.empty(), false);
    }

    private final TableDefinition table = new TableDefinition("t",
            List.of(column("code", "character varying(20)"), column("day", "date"), column("id", "bigint"),
                    column("amount", "numeric(10,2)"), column("token", "uuid"), column("owner", "bigint")),
            List.of("code", "day", "id", "amount", "token"), List.of());

    @Test
    void everyKeyTypeRoundTripsAndNoValueCanBreakTheFraming() {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("code", "a&b=c%d 卡 +x");
        key.put("day", LocalDate.of(2026, 3, 29));
        key.put("id", 42L);
        key.put("amount", new BigDecimal("1.50"));
        key.put("token", UUID.fromString("6f1c2d1e-9a5b-4c3d-8e7f-001122334455"));
        key.put("owner", null);
        RowImage decoded = KeyCodec.decode(table, KeyCodec.encode(new RowImage("t", key)));
        assertThat(decoded.values()).containsExactlyEntriesOf(key);
    }

    @Test
    void theSqlWrittenFormOfPlainKeysIsReadTheSameWay() {
        // what IntentWritingSql produces inside PostgreSQL: 'id=' || id::text, and a bare name for NULL
        RowImage decoded = KeyCodec.decode(table, "id=7&owner");
        assertThat(decoded.get("id")).isEqualTo(7L);
        assertThat(decoded.has("owner")).isTrue();
        assertThat(decoded.get("owner")).isNull();
    }
}
