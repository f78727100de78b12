/**
 * The Spring Boot starter: auto-configuration that builds the application's DataSource as the migration layer from
 * the {@code shardbridge.*} properties (read by the same strict reader as the YAML file), the phase refresher, the
 * actuator endpoint and health indicator, and the failure analyzer. The only package of shardbridge that imports
 * Spring.
 *
 * <p>It may import: {@code io.shardbridge}, {@code concurrent}, {@code config}, {@code bridge.jdbc}, {@code bridge.status},
 * {@code bridge.catchup} (the safety net's status), Spring Boot, Spring Framework, Micrometer and SLF4J.
 */
package io.shardbridge.autoconfigure;
