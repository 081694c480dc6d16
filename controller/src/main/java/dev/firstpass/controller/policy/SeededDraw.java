package dev.firstpass.controller.policy;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A uniform number in [0, 1) fixed by the seed, the purpose, the experiment and the run: the same run
 * is always drawn into the same arm, by this controller or a restarted one, with no state to keep.
 */
final class SeededDraw {

    private SeededDraw() {
    }

    static double of(long seed, String purpose, String experiment, String runId) {
        // Lengths first, so that no two different tuples spell the same text.
        String text = seed + "|" + purpose.length() + ":" + purpose + "|" + experiment.length() + ":" + experiment
                + "|" + runId.length() + ":" + runId;
        UUID hash = UUID.nameUUIDFromBytes(text.getBytes(StandardCharsets.UTF_8));
        return (hash.getMostSignificantBits() >>> 11) * 0x1.0p-53;
    }
}
