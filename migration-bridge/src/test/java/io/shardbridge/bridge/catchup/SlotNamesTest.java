package io.shardbridge.bridge.catchup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlotNamesTest {
    @Test
    void namesCarryTheDatabaseAndTheUnitAndFitPostgresRules() {
        SlotNames names = SlotNames.of("sb_legacy_i21", "jdbc:postgresql://127.0.0.1:5432/control", "bank-card");
        assertThat(names.slot()).startsWith("sb_sb_legacy_i21_bank_card_").matches("[a-z0-9_]{1,63}");
    }

    @Test
    void differentControlStoresGetDifferentSlots() {
        assertThat(SlotNames.of("legacy", "jdbc:a", "u").slot()).isNotEqualTo(SlotNames.of("legacy", "jdbc:b", "u").slot());
    }

    @Test
    void longNamesAreCutTo63Bytes() {
        String slot = SlotNames.of("a".repeat(80), "x", "B".repeat(80)).slot();
        assertThat(slot).hasSizeLessThanOrEqualTo(63).contains("aaaa").contains("bbbb");
    }

    @Test
    void theDatabaseComesFromTheUrl() {
        assertThat(SlotNames.database("jdbc:postgresql://h:5432/legacy_db?options=-c%20x")).isEqualTo("legacy_db");
    }
}
