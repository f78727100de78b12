package io.shardbridge.bridge.dualwrite;

import io.shardbridge.config.Dialect;

class PostgresMirrorFaultIT extends MirrorFaultContract {
    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
