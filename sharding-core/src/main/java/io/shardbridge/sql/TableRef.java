package io.shardbridge.sql;

/**
 * A table named in a statement, where its name sits, and how it is quoted there.
 *
 * @param name       the name as the parser reads it (quotes removed, case as written; the last part of a
 *                   schema-qualified name)
 * @param alias      its alias, or null
 * @param start      position of the name's first character (its opening quote when quoted)
 * @param stop       position of the name's last character (inclusive; its closing quote when quoted)
 * @param openQuote  the quote the name is written in ({@code "} or {@code `}), empty when unquoted
 * @param closeQuote the matching closing quote, empty when unquoted
 */
public record TableRef(String name, String alias, int start, int stop, String openQuote, String closeQuote) {
    /** The name folded to lower case, as the layer's configuration names tables. */
    public String lowerName() {
        return name.toLowerCase(java.util.Locale.ROOT);
    }

    /** This table is {@code other}, ignoring case. */
    public boolean isNamed(String other) {
        return name.equalsIgnoreCase(other);
    }
}
