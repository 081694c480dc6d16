package dev.firstpass.trainer.checkpoint;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything of a run at an epoch boundary besides its arrays: where it stands, what it has applied,
 * and what it has recorded so far.
 *
 * @param experiment the run's experiment
 * @param runId the run
 * @param epoch the last epoch trained and evaluated; kicks due after it are already applied
 * @param segment the segment that wrote the checkpoint
 * @param seed the run's seed; every random draw derives from it and the epoch or kick count
 * @param perturbationsApplied kicks applied so far, which also numbers the next kick's draws
 * @param cycleStart the epoch at which the learning-rate schedule's current cycle began
 * @param appliedCommandIds commands applied after epochs up to this one
 * @param trajectory the metrics of every epoch so far, for the local recording
 * @param baseLearningRate the base learning rate in force, or null when it is the optimizer's (a run
 *     that draws its rate at every fresh start must resume with the one it drew last)
 */
public record CheckpointState(String experiment, String runId, int epoch, int segment, long seed,
        int perturbationsApplied, int cycleStart, List<String> appliedCommandIds,
        List<Map<String, Double>> trajectory, Double baseLearningRate) {

    public CheckpointState {
        appliedCommandIds = List.copyOf(appliedCommandIds);
        trajectory = trajectory.stream()
                .map(row -> Collections.unmodifiableMap(new LinkedHashMap<>(row)))
                .toList();
    }
}
