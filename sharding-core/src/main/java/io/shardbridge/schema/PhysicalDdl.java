package io.shardbridge.schema;

import io.shardbridge.config.Dialect;
import java.util.List;

/** Writes the idempotent DDL that creates one physical copy of a logical table in one dialect. */
interface PhysicalDdl {
    /**
     * @param indexSuffix appended to index names so several physical tables in one database get distinct
     *                    index names ("" for a table stored under its logical name)
     */
    List<String> createTable(TableDefinition table, String physicalName, String indexSuffix);

    /** With the shard rule's {@code column-types} overrides (column → json/text), which only MySQL's mapping reads. */
    default List<String> createTable(TableDefinition table, String physicalName, String indexSuffix, java.util.Map<String, String> columnTypes) {
        return createTable(table, physicalName, indexSuffix);
    }

    /**
     * The idempotent DDL that creates the user-defined types the tables need, dependencies first, before
     * any table. MySQL has no such types: its mapping turns them into column types ({@link MysqlPhysicalDdl}).
     */
    default List<String> createTypes(List<UserType> types) {
        return List.of();
    }

    static PhysicalDdl forDialect(Dialect dialect) {
        return dialect == Dialect.POSTGRESQL ? new PostgresPhysicalDdl() : new MysqlPhysicalDdl();
    }

    static String indexName(String logicalIndex, String suffix, int maxLength) {
        String name = logicalIndex + suffix;
        if (name.length() <= maxLength) {
            return name;
        }
        String hash = Integer.toHexString(name.hashCode());
        return name.substring(0, maxLength - hash.length() - 1) + "_" + hash;
    }
}
