package io.shardbridge.bridge.types;

/** Every PostgreSQL type on PostgreSQL shards: equal {@code row::text} on both sides at every stop. */
class PostgresTypeCorpusIT extends TypeCorpusContract {
    PostgresTypeCorpusIT() {
        super(new PostgresTypeCorpus());
    }
}
