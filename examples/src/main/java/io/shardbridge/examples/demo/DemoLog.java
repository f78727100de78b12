package io.shardbridge.examples.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Keeps the terminal for the demo's live display: every log line of the run (the coordinator, the agents, the
 * embedded server, the libraries) goes to a file instead. Logback reads its configuration once, when the first
 * logger is made, so this runs first thing in {@code main}; a configuration the user chose with
 * {@code -Dlogback.configurationFile} is left as it is.
 */
final class DemoLog {
    static final String CONFIGURATION = "io/shardbridge/examples/demo/demo-logback.xml";

    private DemoLog() {
    }

    /** Points logging at a new file and returns it; empty when the user configured logging. */
    static Optional<Path> toFile() throws IOException {
        if (System.getProperty("logback.configurationFile") != null) {
            return Optional.empty();
        }
        Path file = Files.createTempFile("shardbridge-demo-", ".log");
        System.setProperty("shardbridge.demo.log", file.toString());
        System.setProperty("logback.configurationFile", CONFIGURATION);
        return Optional.of(file);
    }
}
