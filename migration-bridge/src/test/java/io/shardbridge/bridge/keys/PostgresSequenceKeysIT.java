package io.shardbridge.bridge.keys;

import io.shardbridge.config.Dialect;

class PostgresSequenceKeysIT extends SequenceKeysContract {
    PostgresSequenceKeysIT() {
        super(Dialect.POSTGRESQL);
    }
}
