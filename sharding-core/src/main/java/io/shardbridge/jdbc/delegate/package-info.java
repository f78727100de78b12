/**
 * The one JDBC interception kit: a {@code Delegating*} base per interface (DataSource, Connection, Statement,
 * PreparedStatement, ResultSet) that passes every method to its delegate, so a wrapper overrides only the methods
 * that carry its behaviour; and the one recorder of each kind of state a wrapper replays onto a physical object it
 * opens later ({@link io.shardbridge.jdbc.delegate.ParameterBindings}, {@link io.shardbridge.jdbc.delegate.StatementSettings},
 * {@link io.shardbridge.jdbc.delegate.ConnectionSettings}). Each base has a test asserting every method is delegated.
 *
 * <p>It may import: the JDK only.
 */
package io.shardbridge.jdbc.delegate;
