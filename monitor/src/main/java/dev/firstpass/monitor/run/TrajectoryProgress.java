package dev.firstpass.monitor.run;

import dev.firstpass.core.fpt.trajectory.Target;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The contiguous part of a run's trajectory as epochs are appended to it: its length, its last values
 * (the plateau window) and the first passage of each target, each append a constant amount of work.
 *
 * <p>A first passage, once found, stays the first as values are appended; only cutting the trajectory
 * back (a resume from a checkpoint) can undo it, and then only for passages after the cut.
 */
final class TrajectoryProgress {

    private final int window;
    private final List<Target> targets;
    private final ArrayDeque<Double> recent;
    private final List<TargetPassage> passages;
    private int contiguous;
    private boolean changed;

    private TrajectoryProgress(int window, List<Target> targets, int contiguous, List<Double> recent,
            List<TargetPassage> passages, boolean changed) {
        this.window = window;
        this.targets = targets;
        this.contiguous = contiguous;
        this.recent = new ArrayDeque<>(recent);
        this.passages = new ArrayList<>(passages);
        if (this.passages.size() != targets.size()) {
            this.passages.clear();
            targets.forEach(target -> this.passages.add(new TargetPassage(target.threshold(), null)));
        }
        this.changed = changed;
    }

    /** The trajectory of {@code run} as it stands, {@code window} values kept (0: none). */
    static TrajectoryProgress of(RunState run, int window, List<Target> targets) {
        return new TrajectoryProgress(window, targets, run.contiguous(), run.recent(), run.passages(), false);
    }

    /** The trajectory of {@code run} cut back to its first {@code length} epochs, read from {@code epochs}. */
    static TrajectoryProgress cutTo(RunState run, RunEpochs epochs, int length, int window, List<Target> targets) {
        List<Double> recent = new ArrayList<>();
        if (window > 0) {
            for (double value : epochs.values(Math.max(1, length - window + 1), length)) {
                recent.add(value);
            }
        }
        List<TargetPassage> passages = run.passages().stream()
                .map(p -> p.epoch() != null && p.epoch() > length ? new TargetPassage(p.target(), null) : p).toList();
        return new TrajectoryProgress(window, targets, length, recent, passages, true);
    }

    /** Appends the value of epoch {@link #contiguous()} + 1. */
    void append(double value) {
        contiguous++;
        if (window > 0) {
            recent.addLast(value);
            if (recent.size() > window) {
                recent.removeFirst();
            }
        }
        for (int i = 0; i < targets.size(); i++) {
            if (passages.get(i).epoch() == null && targets.get(i).reachedBy(value)) {
                passages.set(i, new TargetPassage(targets.get(i).threshold(), contiguous));
            }
        }
        changed = true;
    }

    int contiguous() {
        return contiguous;
    }

    List<Double> recent() {
        return List.copyOf(recent);
    }

    List<TargetPassage> passages() {
        return List.copyOf(passages);
    }

    /** Whether the contiguous values differ from the run's before: values appended, or cut back. */
    boolean changed() {
        return changed;
    }
}
