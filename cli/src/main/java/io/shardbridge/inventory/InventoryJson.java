package io.shardbridge.inventory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/** The report as JSON: the records as they are, times in ISO-8601 UTC. */
public final class InventoryJson {
    private InventoryJson() {
    }

    public static void write(InventoryReport report, Path file) throws IOException {
        mapper().writeValue(file.toFile(), report);
    }

    static ObjectMapper mapper() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .registerModule(new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance));
    }
}
