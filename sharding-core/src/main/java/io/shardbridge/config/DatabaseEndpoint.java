package io.shardbridge.config;

import java.util.regex.Pattern;

/**
 * One physical database: JDBC URL and credentials, plus the pool size shardbridge gives it.
 * {@link #toString()} and {@link #safeUrl()} never print the password.
 */
public record DatabaseEndpoint(String url, String username, String password, int maxPoolSize) {
    private static final Pattern URL_SECRET = Pattern.compile("(?i)(password=)[^&;]*");

    public DatabaseEndpoint {
        password = password == null ? "" : password;
    }

    /** The URL with any {@code password=} parameter masked, for messages and logs. */
    public String safeUrl() {
        return URL_SECRET.matcher(url).replaceAll("$1****");
    }

    public Dialect dialect() {
        return Dialect.fromJdbcUrl(url);
    }

    @Override
    public String toString() {
        return "DatabaseEndpoint[url=" + safeUrl() + ", username=" + username + "]";
    }
}
