package io.shardbridge.bridge.dualwrite;

import io.shardbridge.config.Dialect;

class PostgresTargetDownAtStartIT extends TargetDownAtStartContract {
    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
