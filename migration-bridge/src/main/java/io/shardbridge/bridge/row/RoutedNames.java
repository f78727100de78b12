package io.shardbridge.bridge.row;

import io.shardbridge.config.Dialect;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Identifiers in SQL the layer sends through the target's router. On MySQL shards ShardingSphere
 * parses with the PostgreSQL grammar (DESIGN §9) and passes the text on unchanged, so the text must
 * read the same in both: plain lower-case names are left unquoted; any other name is quoted for the
 * dialect (and must then be one both grammars accept).
 */
public final class RoutedNames {
    private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_]*");

    private RoutedNames() {
    }

    public static String name(Dialect dialect, String identifier) {
        return dialect == Dialect.MYSQL && PLAIN.matcher(identifier).matches() ? identifier : dialect.quote(identifier);
    }

    public static String names(Dialect dialect, List<String> identifiers) {
        return identifiers.stream().map(i -> name(dialect, i)).collect(Collectors.joining(", "));
    }
}
