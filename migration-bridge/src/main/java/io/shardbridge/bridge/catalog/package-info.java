/**
 * What in legacy's catalog can write a migrating table without naming it (views, functions, rules), so that such a
 * statement is captured or refused before it runs (DESIGN §5.6).
 *
 * <p>It may import: the JDK and JDBC only.
 */
package io.shardbridge.bridge.catalog;
