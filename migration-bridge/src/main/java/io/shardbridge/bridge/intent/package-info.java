/**
 * The intent table's contract (DESIGN §5.2): its name, columns and DDL on both engines, which columns of a row make
 * its key and how that key is written as text, and the SQL both writers use — the capture's, which writes intents
 * inside the caller's statement, and the dual write's, which writes them from Java.
 *
 * <p>It may import: {@code bridge.row}, {@code config}, {@code schema}.
 */
package io.shardbridge.bridge.intent;
