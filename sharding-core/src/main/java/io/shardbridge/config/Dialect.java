package io.shardbridge.config;

import java.util.List;
import java.util.Locale;

/** The SQL engines shardbridge reads from and writes to. MariaDB counts as {@link #MYSQL}. */
public enum Dialect {
    POSTGRESQL("PostgreSQL"),
    MYSQL("MySQL");

    private final String shardingSphereName;

    Dialect(String shardingSphereName) {
        this.shardingSphereName = shardingSphereName;
    }

    /** The database-type name ShardingSphere's parser and SPI registry use for this engine. */
    public String shardingSphereName() {
        return shardingSphereName;
    }

    /** Quotes an identifier the way this engine does: {@code "name"} on PostgreSQL, {@code `name`} on MySQL. */
    public String quote(String identifier) {
        return this == POSTGRESQL
                ? "\"" + identifier.replace("\"", "\"\"") + "\""
                : "`" + identifier.replace("`", "``") + "`";
    }

    /** Quotes each identifier and joins them with ", ", as in a column list. */
    public String quoteAll(List<String> identifiers) {
        return String.join(", ", identifiers.stream().map(this::quote).toList());
    }

    public static Dialect parse(String path, String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "postgresql", "postgres", "pg" -> POSTGRESQL;
            case "mysql", "mariadb" -> MYSQL;
            default -> throw new ConfigException(path, "unknown dialect '" + text + "'; use postgresql or mysql (MariaDB counts as mysql)");
        };
    }

    static Dialect fromJdbcUrl(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        if (url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:")) {
            return MYSQL;
        }
        throw new ConfigException("", "cannot tell the engine of '" + url + "'; shardbridge supports jdbc:postgresql:, jdbc:mysql: and jdbc:mariadb: URLs");
    }
}
