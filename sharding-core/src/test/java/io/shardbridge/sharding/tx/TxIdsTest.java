package io.shardbridge.sharding.tx;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TxIdsTest {
    @Test
    void idsAreUniqueNameTheirAnchorAndFitAnXid() {
        String a = TxIds.next("sb_pg_shard0_i18");
        String b = TxIds.next("sb_pg_shard0_i18");
        assertThat(a).isNotEqualTo(b).startsWith("sb:").matches("sb:[0-9a-f]{32}:sb_pg_shard0_i18");
        assertThat(TxIds.anchorOf(a)).isEqualTo("sb_pg_shard0_i18");
        assertThat(a.length()).isLessThanOrEqualTo(TxIds.MAX_BYTES);
        assertThat(PostgresBranches.gid(a, "sb_pg_shard1_i18")).isEqualTo(a + "/sb_pg_shard1_i18");
    }

    @Test
    void aDatabaseNameTooLongForAnXidIsNamed() {
        assertThat(TxIds.tooLong("shard0")).isNull();
        assertThat(TxIds.tooLong("a_very_long_database_name_for_a_shard_0")).contains("a_very_long_database_name_for_a_shard_0", "64");
    }
}
