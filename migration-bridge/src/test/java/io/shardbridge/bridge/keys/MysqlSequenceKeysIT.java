package io.shardbridge.bridge.keys;

import io.shardbridge.config.Dialect;

class MysqlSequenceKeysIT extends SequenceKeysContract {
    MysqlSequenceKeysIT() {
        super(Dialect.MYSQL);
    }
}
