package io.shardbridge.bridge.dualwrite;

import io.shardbridge.config.Dialect;

class MysqlMirrorFaultIT extends MirrorFaultContract {
    @Override
    Dialect dialect() {
        return Dialect.MYSQL;
    }
}
