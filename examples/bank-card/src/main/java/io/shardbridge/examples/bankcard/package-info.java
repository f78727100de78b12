/**
 * The bank-card example service (Spring Boot, JdbcTemplate): its data-access code does not change when its tables
 * move; only configuration does.
 *
 * <p>It may import: Spring only; shardbridge comes in through the starter and properties, never through an import.
 */
package io.shardbridge.examples.bankcard;
