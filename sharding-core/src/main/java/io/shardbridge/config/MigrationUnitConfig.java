package io.shardbridge.config;

import java.util.List;

/**
 * A unit of tables that move together (they are written in the same transactions).
 *
 * @param phase             the config flag: the desired phase
 * @param shadowReadPercent share of reads also run on the other side in SHADOW and LIVE
 */
public record MigrationUnitConfig(String name, List<String> tables, MigrationPhase phase, int shadowReadPercent) {
    public MigrationUnitConfig {
        tables = List.copyOf(tables);
    }
}
