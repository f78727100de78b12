/** Will hold the migration layer: phases, row-image dual writes, intents and repair, backfill, verification and the control plane (DESIGN §4–§7; issues #3, #4, #5). */
package io.shardbridge.bridge;
