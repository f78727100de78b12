package io.shardbridge.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The README's first command, smaller: the whole walk on an embedded PostgreSQL must end with every
 * tampered row found and repaired, no failed service write, card_event's serial ids continuing legacy's
 * sequence across the flip to LIVE without a duplicate, and the embedded server gone.
 */
class MigrationDemoIT {
    @Test
    void theDemoWalksEveryPhaseAndReportsCleanly() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            MigrationDemo.main(new String[] {"5000"});
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        original.println(out);
        java.util.regex.Matcher ids = java.util.regex.Pattern.compile("card_event ids across the flip   \\.\\.(\\d+) \\| (\\d+)\\.\\..*highest ([\\d,]+)").matcher(out);
        assertThat(ids.find()).as("the card_event line of the report").isTrue();
        long before = Long.parseLong(ids.group(1));
        long after = Long.parseLong(ids.group(2));
        long highest = Long.parseLong(ids.group(3).replace(",", ""));
        assertThat(after).as("ids after the flip continue legacy's sequence: above it, within a few blocks").isGreaterThan(before).isLessThan(before + 3_000);
        assertThat(highest).as("an integer serial, not 64-bit Snowflake ids").isLessThan(Integer.MAX_VALUE);
        assertThat(out).contains("SHADOW refused, as DESIGN §4 demands: no finished backfill")
                .containsPattern("\\d,\\d{3} rows copied") // the 5,000 seeded, and the cards and events the workload wrote before DUAL_WRITE
                .contains("MISSING bank_card {card_id=4950}").contains("DIFFERENT bank_card {card_id=4960} columns [balance]")
                .contains("EXTRA bank_card {card_id=999999999}")
                .contains("phase TARGET_ONLY")
                .contains("differences found / repaired     3 / 3, verified equal after")
                .contains(", failed: 0")
                .contains("card_event ids issued twice      0 of")
                .contains("embedded PostgreSQL stopped and removed");
    }
}
