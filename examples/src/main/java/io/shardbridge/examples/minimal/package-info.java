/**
 * The minimal example: sharding through {@code java.sql.DriverManager} and a YAML file, with code that knows only
 * {@code java.sql}.
 *
 * <p>It may import: {@code java.sql} only; shardbridge is on the class path, as in any service.
 */
package io.shardbridge.examples.minimal;
