/**
 * The README's first command: a whole migration on an embedded PostgreSQL with two service instances writing
 * throughout, a live display in the terminal and the log in a file it names.
 *
 * <p>It may import: the public API of migration-bridge and sharding-core, embedded PostgreSQL and Micrometer.
 */
package io.shardbridge.examples.demo;
