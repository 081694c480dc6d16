package dev.firstpass.trainer.run;

import java.util.List;
import java.util.Map;

/**
 * What happens between two epochs: an ordered list of {@link BoundaryListener}s, each with one job.
 *
 * <p>The order of a run's boundary is declared once, in {@link #of}, because it is part of what a run
 * promises:
 * <ol>
 *   <li>publish the epoch event, so it carries the kick count and arm from before this boundary's kicks;
 *   <li>record the trajectory row, so a checkpoint and a kick's listeners see the epoch recorded;
 *   <li>tell the run listeners the epoch ended, before any kick that follows it is heard of;
 *   <li>the local schedule's kicks, then
 *   <li>the commands' kicks: the order the Python client keeps too, and each kick's seed is drawn
 *       from the kicks before it, so the order decides which kick gets which seed;
 *   <li>the checkpoint last, so it holds the kicks just applied and the epoch already handed to the
 *       publisher: a resumed run neither repeats a kick nor misses an epoch event.
 * </ol>
 * A listener that throws stops the ones after it and fails the run.
 */
final class EpochBoundary {

    private final List<BoundaryListener> listeners;

    // Package-private so a test can check that a boundary runs exactly the order it is given.
    EpochBoundary(List<BoundaryListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    /** The boundary of a run, its listeners in the order the class comment gives and explains. */
    static EpochBoundary of(EpochPublisher publishEpoch, TrajectoryRecorder recordTrajectory,
            EpochNotifier notifyListeners, LocalScheduleKicks localScheduleKicks, CommandKicks commandKicks,
            BoundaryCheckpoint checkpoint) {
        return new EpochBoundary(List.of(publishEpoch, recordTrajectory, notifyListeners, localScheduleKicks,
                commandKicks, checkpoint));
    }

    void cross(int epoch, Map<String, Double> metrics) {
        for (BoundaryListener listener : listeners) {
            listener.onEpochEnd(epoch, metrics);
        }
    }
}
