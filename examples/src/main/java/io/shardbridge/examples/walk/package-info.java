/**
 * What the example services' tests share: a walk of a unit through every phase under HTTP load, and the physical
 * tables set up from the legacy catalog.
 *
 * <p>It may import: the public API of migration-bridge and sharding-core, and sharding-core's test fixtures.
 */
package io.shardbridge.examples.walk;
