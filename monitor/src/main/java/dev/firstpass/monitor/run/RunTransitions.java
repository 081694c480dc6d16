package dev.firstpass.monitor.run;

import dev.firstpass.core.fpt.qss.RunTrend;
import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.PlateauEvent;
import dev.firstpass.core.protocol.RunFinished;
import dev.firstpass.core.protocol.RunLifecycle;
import dev.firstpass.core.protocol.RunStarted;
import dev.firstpass.monitor.deadletter.DeadLetter;
import dev.firstpass.monitor.deadletter.DeadLetterKind;
import dev.firstpass.monitor.deadletter.SourceRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * How one input changes a run's state, given the state, the run's epochs, the input and the time.
 *
 * <p>Replays change nothing: an input that would leave the state as it was (apart from the time last
 * seen) yields {@link Outcome#UNCHANGED}, no output and no write. An epoch event in order costs a
 * constant amount of work whatever the run's length: one lookup and one write of its epoch, and an
 * update of the passages and plateau window kept in the state. Only the rare inputs that reach back
 * into the run (a report from an abandoned timeline, a resume from a checkpoint, an epoch filling a
 * gap) scan the epochs they concern.
 */
final class RunTransitions {

    /**
     * The new state (null: unchanged, store nothing), what to publish, and whether what the experiment
     * sees of the run changed (its snapshot is built by whoever sends it, when it is sent).
     */
    record Outcome(RunState state, List<RunOutput> outputs, boolean snapshotChanged) {
        static final Outcome UNCHANGED = new Outcome(null, List.of(), false);

        static Outcome rejected(SourceRecord source, DeadLetterKind kind, String reason) {
            return new Outcome(null, List.of(new RunOutput.Rejected(new DeadLetter(source, kind, reason))), false);
        }
    }

    private final RunRules rules;

    RunTransitions(RunRules rules) {
        this.rules = rules;
    }

    Outcome epoch(RunState current, RunEpochs epochs, EpochEvent event, SourceRecord source, Instant now) {
        OptionalDouble measured = event.metric(rules.metric());
        if (measured.isEmpty()) {
            return Outcome.rejected(source, DeadLetterKind.MISSING_METRIC, "metric '" + rules.metric()
                    + "' is missing from epoch " + event.epoch() + " of run " + event.runId() + " (present: "
                    + String.join(", ", event.metrics().keySet()) + ")");
        }
        RunState base = current != null ? current : RunState.fresh(event.runId(), event.experiment(), now);
        String inconsistency = inconsistency(base, event.experiment(), event.arm());
        if (inconsistency != null) {
            return Outcome.rejected(source, DeadLetterKind.INCONSISTENT_RUN, inconsistency);
        }
        int epoch = event.epoch();
        int segment = event.segment();
        double value = measured.getAsDouble();
        // A later segment resumed at or before this epoch: this report is from an abandoned timeline.
        // Only a run that has seen a higher segment can hold such an epoch, so the usual path scans nothing.
        if (segment < base.segment()
                && epochs.range(1, epoch).values().stream().anyMatch(known -> known.segment() > segment)) {
            return Outcome.UNCHANGED;
        }
        // Nothing is held past the last epoch: a run reported in order needs no lookup.
        EpochValue known = epoch > base.lastEpoch() ? null : epochs.get(epoch);
        if (known != null && known.segment() == segment) {
            if (Double.compare(known.value(), value) == 0) {
                return Outcome.UNCHANGED;
            }
            return Outcome.rejected(source, DeadLetterKind.CONFLICTING_VALUE, "conflicting value for epoch " + epoch
                    + " of run " + event.runId() + " in segment " + segment + ": " + known.value() + " then " + value);
        }
        // A higher segment going back to this epoch resumed from a checkpoint: what an earlier segment
        // reported from here on, and the kicks it received, are replaced by what this segment reports.
        int lastEpoch = Math.max(epoch, base.lastEpoch());
        boolean resumed = false;
        if (epoch <= base.lastEpoch()) {
            lastEpoch = epoch;
            for (Map.Entry<Integer, EpochValue> held : epochs.range(epoch, base.lastEpoch()).entrySet()) {
                if (held.getValue().segment() < segment) {
                    epochs.delete(held.getKey());
                    resumed = true;
                } else {
                    lastEpoch = Math.max(lastEpoch, held.getKey());
                }
            }
        }
        epochs.put(epoch, new EpochValue(segment, value));
        TrajectoryProgress progress = resumed && epoch <= base.contiguous()
                ? TrajectoryProgress.cutTo(base, epochs, epoch - 1, window(), rules.targets())
                : TrajectoryProgress.of(base, window(), rules.targets());
        if (epoch == progress.contiguous() + 1) {
            progress.append(value);
            while (progress.contiguous() < lastEpoch) {
                EpochValue next = epochs.get(progress.contiguous() + 1);
                if (next == null) {
                    break;
                }
                progress.append(next.value());
            }
        }
        SortedSet<Integer> kicks = resumed ? base.kicks().headSet(epoch) : base.kicks();
        RunState next = base.withTrajectory(Math.max(base.segment(), segment), progress.contiguous(), lastEpoch,
                progress.recent(), progress.passages())
                .withOutline(base.arm() != null ? base.arm() : event.arm(), kicks, revived(base.status()),
                        base.finishReason());
        return settle(current, next, now, true,
                progress.changed() ? TrajectoryChange.VALUES_CHANGED : TrajectoryChange.EPOCH_HELD);
    }

    Outcome ack(RunState current, Ack ack, SourceRecord source, Instant now) {
        if (ack.status() != Ack.Status.APPLIED) {
            return Outcome.UNCHANGED;
        }
        RunState base = current != null ? current : RunState.fresh(ack.runId(), ack.experiment(), now);
        String inconsistency = inconsistency(base, ack.experiment(), null);
        if (inconsistency != null) {
            return Outcome.rejected(source, DeadLetterKind.INCONSISTENT_RUN, inconsistency);
        }
        SortedSet<Integer> kicks = new TreeSet<>(base.kicks());
        kicks.add(ack.epoch());
        RunState next = base.withOutline(base.arm(), kicks, revived(base.status()), base.finishReason());
        return settle(current, next, now, true, TrajectoryChange.NONE);
    }

    Outcome lifecycle(RunState current, RunLifecycle message, SourceRecord source, Instant now) {
        RunState base = current != null ? current : RunState.fresh(message.runId(), message.experiment(), now);
        String arm = message instanceof RunStarted started ? started.arm() : null;
        String inconsistency = inconsistency(base, message.experiment(), arm);
        if (inconsistency != null) {
            return Outcome.rejected(source, DeadLetterKind.INCONSISTENT_RUN, inconsistency);
        }
        RunStatus status = RunStatus.RUNNING;
        String finishReason = null;
        if (message instanceof RunFinished finished) {
            status = RunStatus.FINISHED;
            finishReason = finished.reason().wireName();
        }
        RunState next = base.withOutline(base.arm() != null ? base.arm() : arm, base.kicks(), status, finishReason);
        return settle(current, next, now, true, TrajectoryChange.NONE);
    }

    /** Marks a running run stalled once it has been silent for longer than the stall timeout. */
    Outcome stallCheck(RunState current, Instant now) {
        Duration silence = Duration.between(current.lastSeen(), now);
        if (current.status() != RunStatus.RUNNING || silence.compareTo(rules.stallTimeout()) <= 0) {
            return Outcome.UNCHANGED;
        }
        RunState next = current.withOutline(current.arm(), current.kicks(), RunStatus.STALLED, null);
        return settle(current, next, now, false, TrajectoryChange.NONE);
    }

    private static RunStatus revived(RunStatus status) {
        return status == RunStatus.STALLED ? RunStatus.RUNNING : status;
    }

    private static String inconsistency(RunState run, String experiment, String arm) {
        if (!run.experiment().equals(experiment)) {
            return "run " + run.runId() + " belongs to experiment '" + run.experiment() + "', not '" + experiment + "'";
        }
        if (run.arm() != null && arm != null && !run.arm().equals(arm)) {
            return "run " + run.runId() + " is in arm '" + run.arm() + "', not '" + arm + "'";
        }
        return null;
    }

    /** What an input did to the run's epochs. */
    private enum TrajectoryChange {
        /** Nothing. */
        NONE,
        /** An epoch was written, beyond a gap: a change although the contiguous values stay as they were. */
        EPOCH_HELD,
        /** The contiguous values changed. */
        VALUES_CHANGED
    }

    /** Derives passages and plateau, and decides what changed and what to publish. */
    private Outcome settle(RunState before, RunState next, Instant now, boolean heardFrom, TrajectoryChange change) {
        RunState derived = derive(next);
        if (change == TrajectoryChange.NONE && derived.equals(before)) {
            return Outcome.UNCHANGED;
        }
        RunState after = heardFrom ? derived.withLastSeen(now) : derived;
        List<RunOutput> outputs = new ArrayList<>();
        if (before == null ? after.plateau() : before.plateau() != after.plateau()) {
            outputs.add(new RunOutput.PlateauChange(plateauEvent(after, now)));
        }
        boolean snapshotChanged = before == null || change == TrajectoryChange.VALUES_CHANGED
                || !before.sameOutlineAs(after);
        return new Outcome(after, outputs, snapshotChanged);
    }

    /** Completes the passages with one per target (a run without epochs has none yet) and tests the plateau. */
    private RunState derive(RunState run) {
        List<TargetPassage> passages = run.passages();
        if (passages.size() != rules.targets().size()) {
            passages = rules.targets().stream().map(target -> new TargetPassage(target.threshold(), null)).toList();
        }
        RunTrend trend = trend(run);
        return run.withDerived(passages, trend != null && trend.plateau());
    }

    private int window() {
        int window = rules.plateauWindow();
        return window >= 3 ? window : 0;
    }

    private RunTrend trend(RunState run) {
        int window = window();
        if (window == 0 || run.contiguous() < window) {
            return null;
        }
        double[] values = run.recent().stream().mapToDouble(Double::doubleValue).toArray();
        return RunTrend.of(values, window, rules.plateauAlpha());
    }

    private PlateauEvent plateauEvent(RunState run, Instant now) {
        RunTrend trend = trend(run);
        return new PlateauEvent(run.experiment(), run.runId(), run.arm(), run.contiguous(),
                run.plateau(), trend == null ? null : finite(trend.slope()), trend == null ? null : finite(trend.pValue()),
                rules.plateauWindow(), now);
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
