package io.shardbridge.bridge.dualwrite;

import io.shardbridge.config.Dialect;

class PostgresMirrorOutageIT extends MirrorOutageContract {
    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
