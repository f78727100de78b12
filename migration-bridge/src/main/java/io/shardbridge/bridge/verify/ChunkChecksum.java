package io.shardbridge.bridge.verify;

/**
 * One side's checksum of a key range: the row count and the sum of the row hashes mod 2^64. Both are
 * additive, so the checksum of a range's right half is the whole's minus the left half's.
 */
record ChunkChecksum(long rows, long hashSum) {
    static final ChunkChecksum EMPTY = new ChunkChecksum(0, 0);

    ChunkChecksum plus(ChunkChecksum other) {
        return new ChunkChecksum(rows + other.rows, hashSum + other.hashSum);
    }

    ChunkChecksum minus(ChunkChecksum other) {
        return new ChunkChecksum(rows - other.rows, hashSum - other.hashSum);
    }
}
