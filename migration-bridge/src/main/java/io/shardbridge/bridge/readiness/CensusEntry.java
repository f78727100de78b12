package io.shardbridge.bridge.readiness;

import java.util.List;

/** One statement shape as analysed once, when an instance first sees it. */
record CensusEntry(String shapeText, String kind, TargetRouting.Verdict route, List<String> findings) {
    CensusEntry {
        findings = List.copyOf(findings);
    }
}
