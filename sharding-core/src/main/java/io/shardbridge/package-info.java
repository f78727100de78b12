/**
 * The root of every shardbridge module: only {@link io.shardbridge.ShardbridgeException}, the one unchecked
 * exception for failures off the JDBC path (configuration, provisioning, planning).
 *
 * <p>It may import: the JDK only.
 */
package io.shardbridge;
