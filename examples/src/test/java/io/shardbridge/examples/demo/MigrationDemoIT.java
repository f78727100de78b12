package io.shardbridge.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The README's first command, smaller: the whole walk on an embedded PostgreSQL must end with every
 * tampered row found and repaired, no failed service write, and the embedded server gone.
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
        assertThat(out).contains("SHADOW refused, as DESIGN §4 demands: no finished backfill")
                .containsPattern("5,0\\d\\d rows copied") // the 5,000 seeded, and any the workload inserted before DUAL_WRITE
                .contains("MISSING bank_card {card_id=4950}").contains("DIFFERENT bank_card {card_id=4960} columns [balance]")
                .contains("EXTRA bank_card {card_id=999999999}")
                .contains("phase TARGET_ONLY")
                .contains("differences found / repaired     3 / 3, verified equal after")
                .contains(", failed: 0")
                .contains("embedded PostgreSQL stopped and removed");
    }
}
