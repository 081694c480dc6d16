package dev.firstpass.monitor.run;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Everything the monitor keeps about one run apart from its epochs, stored under its run id; the epochs
 * are entries of their own ({@link RunEpochKey}).
 *
 * <p>Keeping the epochs out of this record is what makes an epoch event cost the same at epoch 1,000 as
 * at epoch 10: the event reads and rewrites this record, whose size does not grow with the run, and
 * writes one epoch entry. What the statistics of every event need from the trajectory (the contiguous
 * length, the last epochs for the plateau test, the passages so far) is kept here and updated as epochs
 * arrive.
 *
 * @param runId the run
 * @param experiment its experiment
 * @param arm its arm, or null while no message named one (analysed as "baseline")
 * @param segment the highest segment (resume count) seen
 * @param contiguous how many epochs from epoch 1 on are held without a gap: the part that can be analysed
 * @param lastEpoch the highest epoch held, 0 when none
 * @param recent the values of the last epochs of the contiguous part, oldest first, as many as the
 *     plateau window (fewer while the run is shorter)
 * @param kicks the epochs after which an applied perturbation acted
 * @param status running, finished or stalled
 * @param finishReason why it finished ("completed", "stopped", "failed"), or null unless finished
 * @param lastSeen when the monitor last heard something new from the run, by its clock
 * @param passages the first passage of each target within the contiguous epochs
 * @param plateau whether the single-run plateau test holds on the last epochs
 */
public record RunState(String runId, String experiment, String arm, int segment, int contiguous, int lastEpoch,
        List<Double> recent, SortedSet<Integer> kicks, RunStatus status, String finishReason, Instant lastSeen,
        List<TargetPassage> passages, boolean plateau) {

    public RunState {
        recent = List.copyOf(recent);
        kicks = Collections.unmodifiableSortedSet(new TreeSet<>(kicks));
        passages = List.copyOf(passages);
    }

    /** A run the monitor has just heard of. */
    static RunState fresh(String runId, String experiment, Instant now) {
        return new RunState(runId, experiment, null, 0, 0, 0, List.of(), new TreeSet<>(), RunStatus.RUNNING, null,
                now, List.of(), false);
    }

    /** The first passage epoch of {@code target}, or null when not reached (or not a configured target). */
    public Integer firstPassage(double target) {
        return passages.stream().filter(p -> p.target() == target).map(TargetPassage::epoch)
                .filter(Objects::nonNull).findFirst().orElse(null);
    }

    RunState withOutline(String arm, SortedSet<Integer> kicks, RunStatus status, String finishReason) {
        return new RunState(runId, experiment, arm, segment, contiguous, lastEpoch, recent, kicks, status,
                finishReason, lastSeen, passages, plateau);
    }

    RunState withTrajectory(int segment, int contiguous, int lastEpoch, List<Double> recent,
            List<TargetPassage> passages) {
        return new RunState(runId, experiment, arm, segment, contiguous, lastEpoch, recent, kicks, status,
                finishReason, lastSeen, passages, plateau);
    }

    RunState withDerived(List<TargetPassage> passages, boolean plateau) {
        return new RunState(runId, experiment, arm, segment, contiguous, lastEpoch, recent, kicks, status,
                finishReason, lastSeen, passages, plateau);
    }

    RunState withLastSeen(Instant lastSeen) {
        return new RunState(runId, experiment, arm, segment, contiguous, lastEpoch, recent, kicks, status,
                finishReason, Objects.requireNonNull(lastSeen), passages, plateau);
    }

    /** Whether the experiment would see the same of both runs, the trajectory apart. */
    boolean sameOutlineAs(RunState other) {
        return experiment.equals(other.experiment) && runId.equals(other.runId) && Objects.equals(arm, other.arm)
                && status == other.status && Objects.equals(finishReason, other.finishReason)
                && kicks.equals(other.kicks);
    }
}
