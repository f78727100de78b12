/**
 * Time and threads, injected: the {@link io.shardbridge.concurrent.Ticker} every timed decision reads (the
 * system one in production, a {@link io.shardbridge.concurrent.ManualTicker} in tests, so a lease, a
 * cool-down or a back-off is tested by advancing a clock instead of sleeping), and the one factory for
 * shardbridge's background threads.
 *
 * <p>It may import: the JDK only.
 */
package io.shardbridge.concurrent;
