package io.shardbridge.sharding;

/** One physical table: the shard (data source name) and the table name inside it. */
public record PhysicalTable(String shard, String table) {
    @Override
    public String toString() {
        return shard + "." + table;
    }
}
