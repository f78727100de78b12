package io.shardbridge.bridge.mirror;

import io.shardbridge.config.Dialect;

class MysqlMirrorIT extends MirrorContract {
    @Override
    Dialect dialect() {
        return Dialect.MYSQL;
    }
}
