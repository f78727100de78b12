package io.shardbridge.config;

import java.util.Locale;

/** What a failed mirror write does (DESIGN §5.3). */
public enum MirrorFailurePolicy {
    /** The caller's transaction commits; the touched keys stay in the intent table and the repairer re-applies them. */
    RECORD_FOR_REPAIR,
    /** The caller's transaction is rolled back and the mirror error is thrown (for tests and strict setups). */
    FAIL;

    static MirrorFailurePolicy parse(String path, String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "record-for-repair" -> RECORD_FOR_REPAIR;
            case "fail" -> FAIL;
            default -> throw new ConfigException(path, "unknown policy '" + text + "'; use record-for-repair (the default) or fail");
        };
    }
}
