package io.shardbridge.bridge.mirror;

import io.shardbridge.config.Dialect;

class PostgresMirrorIT extends MirrorContract {
    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
