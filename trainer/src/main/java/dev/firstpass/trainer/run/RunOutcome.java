package dev.firstpass.trainer.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How a run ended.
 *
 * @param runId the run
 * @param segment the segment that ran (0 unless resumed)
 * @param lastEpoch the last epoch evaluated
 * @param reason why it ended
 * @param lastMetrics the metrics of the last epoch evaluated; empty when none was
 * @param perturbationsApplied kicks applied over the whole run
 * @param failure the error of a failed run
 */
public record RunOutcome(String runId, int segment, int lastEpoch, EndReason reason, Map<String, Double> lastMetrics,
        int perturbationsApplied, Optional<Throwable> failure) {

    public RunOutcome {
        lastMetrics = Collections.unmodifiableMap(new LinkedHashMap<>(lastMetrics));
    }
}
