package io.shardbridge.bridge.dualwrite;

import io.shardbridge.config.Dialect;

class MysqlMirrorOutageIT extends MirrorOutageContract {
    @Override
    Dialect dialect() {
        return Dialect.MYSQL;
    }
}
