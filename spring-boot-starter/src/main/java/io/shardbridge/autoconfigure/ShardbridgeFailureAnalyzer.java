package io.shardbridge.autoconfigure;

import io.shardbridge.ShardbridgeException;
import io.shardbridge.config.ConfigException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a shardbridge start-up failure (bad property, unreachable shard, unknown table) into a readable message. */
public class ShardbridgeFailureAnalyzer extends AbstractFailureAnalyzer<ShardbridgeException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ShardbridgeException cause) {
        boolean config = cause instanceof ConfigException;
        String description = "shardbridge could not start: " + cause.getMessage();
        String action = config
                ? "Fix the shardbridge.* property named at the start of the message (the same keys as the YAML file; see docs/configuration.md)."
                : "Check the database named in the message (URL, credentials, that it runs), or the table and unit it names; see docs/configuration.md.";
        return new FailureAnalysis(description, action, cause);
    }
}
