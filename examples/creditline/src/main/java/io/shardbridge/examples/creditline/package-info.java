/**
 * The credit-line example service (Spring Boot, JPA with Hibernate): its entities and repositories do not change
 * when their tables move; only configuration does.
 *
 * <p>It may import: Spring and Jakarta Persistence only; shardbridge comes in through the starter and properties,
 * never through an import.
 */
package io.shardbridge.examples.creditline;
