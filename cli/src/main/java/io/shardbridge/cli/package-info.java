/** Will hold the operator command line: schema, backfill, verify, repair, status, phase and plan-bench (issues #4, #5, #7). */
package io.shardbridge.cli;
