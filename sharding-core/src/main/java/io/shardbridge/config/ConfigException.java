package io.shardbridge.config;

import io.shardbridge.ShardbridgeException;

/** A configuration that cannot be used: the message names the setting (as a YAML path) and the fix. */
public final class ConfigException extends ShardbridgeException {
    private final String path;

    public ConfigException(String path, String message) {
        super(path.isEmpty() ? message : path + ": " + message);
        this.path = path;
    }

    public ConfigException(String path, String message, Throwable cause) {
        super(path.isEmpty() ? message : path + ": " + message, cause);
        this.path = path;
    }

    /** The YAML path of the offending setting, e.g. {@code target.tables.bank_card.shard-key}. */
    public String path() {
        return path;
    }
}
