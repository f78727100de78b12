/**
 * The configuration contract of DESIGN §3 as validated records: the strict YAML reader (every error names its YAML
 * path and the fix), the list of its keys ({@link io.shardbridge.config.ConfigKeys}), and the enums that carry
 * behaviour ({@link io.shardbridge.config.MigrationPhase}, dialects, algorithms, policies).
 *
 * <p>It may import: {@code io.shardbridge} and SnakeYAML; no other shardbridge package, so every module can read the
 * contract.
 */
package io.shardbridge.config;
