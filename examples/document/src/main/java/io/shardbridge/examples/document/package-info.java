/**
 * The document example service (Spring Boot, MyBatis): its mappers do not change when their tables move; only
 * configuration does.
 *
 * <p>It may import: Spring and MyBatis only; shardbridge comes in through the starter and properties, never through
 * an import.
 */
package io.shardbridge.examples.document;
