package io.shardbridge.bridge.jdbc;

/** What the caller asked an execution to return: {@code execute}'s flag, {@code executeQuery}'s rows, or an update count. */
enum ResultMode { EXECUTE, QUERY, UPDATE }
