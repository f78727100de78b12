/**
 * Shadow reads in SHADOW and LIVE (DESIGN §4): a sample of reads also runs on the other side in the background and
 * the two answers are compared by value; the caller always gets the authoritative answer.
 *
 * <p>It may import: {@code bridge.capture}, {@code bridge.dualwrite}, {@code config} and SLF4J.
 */
package io.shardbridge.bridge.shadow;
