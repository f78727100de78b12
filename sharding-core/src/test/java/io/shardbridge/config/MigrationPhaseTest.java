package io.shardbridge.config;

import static io.shardbridge.config.MigrationPhase.DUAL_WRITE;
import static io.shardbridge.config.MigrationPhase.LEGACY_ONLY;
import static io.shardbridge.config.MigrationPhase.LIVE;
import static io.shardbridge.config.MigrationPhase.RAMP_DOWN;
import static io.shardbridge.config.MigrationPhase.SHADOW;
import static io.shardbridge.config.MigrationPhase.TARGET_ONLY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardbridge.config.MigrationPhase.Side;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MigrationPhaseTest {
    @Test
    void theTableOfDesignSection4() {
        assertThat(LEGACY_ONLY.authoritative()).isEqualTo(Side.LEGACY);
        assertThat(LEGACY_ONLY.mirror()).isEmpty();
        assertThat(DUAL_WRITE.mirror()).contains(Side.TARGET);
        assertThat(SHADOW.authoritative()).isEqualTo(Side.LEGACY);
        assertThat(SHADOW.shadowReads()).isTrue();
        assertThat(LIVE.authoritative()).isEqualTo(Side.TARGET);
        assertThat(LIVE.mirror()).contains(Side.LEGACY);
        assertThat(LIVE.shadowReads()).isTrue();
        assertThat(RAMP_DOWN.shadowReads()).isFalse();
        assertThat(RAMP_DOWN.mirror()).contains(Side.LEGACY);
        assertThat(TARGET_ONLY.authoritative()).isEqualTo(Side.TARGET);
        assertThat(TARGET_ONLY.mirror()).isEmpty();
        assertThat(TARGET_ONLY.next()).isEmpty();
        assertThat(LEGACY_ONLY.previous()).isEmpty();
        assertThat(SHADOW.next()).isEqualTo(Optional.of(LIVE));
    }

    @Test
    void movesAreOneStepForwardOrBack() {
        SHADOW.checkMoveTo("bank-card", LIVE);
        SHADOW.checkMoveTo("bank-card", DUAL_WRITE);
        SHADOW.checkMoveTo("bank-card", SHADOW);
        assertThatThrownBy(() -> DUAL_WRITE.checkMoveTo("bank-card", LIVE))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("migrations.bank-card.phase")
                .hasMessageContaining("cannot move from DUAL_WRITE to LIVE in one step")
                .hasMessageContaining("set phase: SHADOW first");
        assertThatThrownBy(() -> TARGET_ONLY.checkMoveTo("bank-card", LEGACY_ONLY))
                .hasMessageContaining("set phase: RAMP_DOWN first");
    }
}
