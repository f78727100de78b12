package io.shardbridge.bridge.dualwrite;

import io.shardbridge.config.Dialect;

class MysqlTargetDownAtStartIT extends TargetDownAtStartContract {
    @Override
    Dialect dialect() {
        return Dialect.MYSQL;
    }
}
