/** Will hold the JMH per-statement suite, the backfill/verify/dual-write runners and the shard-plan benchmark (issue #7); results go to RESULTS.md. */
package io.shardbridge.benchmarks;
