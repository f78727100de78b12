package io.shardbridge.bridge.row;

/**
 * A value in PostgreSQL's own text form, as the server printed it ({@code ResultSet.getString}): how a
 * row image carries every type with no exact Java counterpart (enums, domains, composites, arrays,
 * ranges, {@code interval}, {@code timetz}, network, geometric and bit-string types, {@code money},
 * {@code xml}, {@code tsvector}, ...). A PostgreSQL mirror gets it back as a parameter of unspecified type
 * (or as COPY text), which the server parses with the column's own input function: the round trip is the
 * server's, exact by construction (text output of every built-in type reads back to the same value), and
 * no Java conversion stands in between. The canonical encoding of such a value is its text, which is what
 * {@code ::text} prints on the other PostgreSQL side.
 */
record ServerText(String text) {
    public ServerText {
        java.util.Objects.requireNonNull(text, "text");
    }

    /** {@code null} for SQL NULL. */
    public static ServerText of(String text) {
        return text == null ? null : new ServerText(text);
    }

    @Override
    public String toString() {
        return text;
    }
}
