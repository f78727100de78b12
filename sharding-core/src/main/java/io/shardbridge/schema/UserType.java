package io.shardbridge.schema;

import java.util.List;

/**
 * A type a table's columns need that PostgreSQL does not ship: an enum, a domain, a composite type, a
 * range over a user subtype, or a type an extension brings. PostgreSQL shards get it created before the
 * tables ({@link PostgresPhysicalDdl#createTypes}); the MySQL mapping reads an enum's labels and a
 * domain's base type.
 *
 * @param name       as {@code format_type()} prints it on legacy (schema-qualified only when not on the search path)
 * @param schema     the schema it lives in on legacy
 * @param kind       what it is
 * @param labels     an enum's labels in their order; empty otherwise
 * @param baseType   a domain's base type, a range's subtype (as {@code format_type()} prints them); null otherwise
 * @param definition what follows the name in its CREATE statement: {@code AS ENUM (...)}, {@code AS numeric(12,2) CHECK (...)},
 *                   {@code AS (a text, b integer)}, {@code AS RANGE (subtype = ...)}; for an extension's type, the extension's name
 */
public record UserType(String name, String schema, Kind kind, List<String> labels, String baseType, String definition) {
    public enum Kind { ENUM, DOMAIN, COMPOSITE, RANGE, EXTENSION }

    public UserType {
        labels = List.copyOf(labels);
    }
}
