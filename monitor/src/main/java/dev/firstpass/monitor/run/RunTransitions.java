package dev.firstpass.monitor.run;

import dev.firstpass.core.fpt.qss.RunTrend;
import dev.firstpass.core.fpt.trajectory.Passage;
import dev.firstpass.core.fpt.trajectory.Target;
import dev.firstpass.core.fpt.trajectory.Trajectory;
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
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How one input changes a run's state, as a pure function of the state, the input and the time.
 *
 * <p>Replays change nothing: an input that would leave the state as it was (apart from the time last
 * seen) yields {@link Outcome#UNCHANGED} and no output at all.
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

    Outcome epoch(RunState current, EpochEvent event, SourceRecord source, Instant now) {
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
        TreeMap<Integer, EpochValue> epochs = new TreeMap<>(base.epochs());
        // A later segment resumed at or before this epoch: this report is from an abandoned timeline.
        if (epochs.headMap(epoch, true).values().stream().anyMatch(known -> known.segment() > segment)) {
            return Outcome.UNCHANGED;
        }
        EpochValue known = epochs.get(epoch);
        if (known != null && known.segment() == segment) {
            if (Double.compare(known.value(), value) == 0) {
                return Outcome.UNCHANGED;
            }
            return Outcome.rejected(source, DeadLetterKind.CONFLICTING_VALUE, "conflicting value for epoch " + epoch
                    + " of run " + event.runId() + " in segment " + segment + ": " + known.value() + " then " + value);
        }
        // A higher segment going back to this epoch resumed from a checkpoint: what an earlier segment
        // reported from here on, and the kicks it received, are replaced by what this segment reports.
        boolean resumed = epochs.tailMap(epoch, true).values().removeIf(old -> old.segment() < segment);
        epochs.put(epoch, new EpochValue(segment, value));
        SortedSet<Integer> kicks = resumed ? base.kicks().headSet(epoch) : base.kicks();
        RunState next = new RunState(base.runId(), base.experiment(), base.arm() != null ? base.arm() : event.arm(),
                Math.max(base.segment(), segment), epochs, kicks, revived(base.status()), base.finishReason(),
                base.lastSeen(), base.passages(), base.plateau());
        return settle(current, next, now, true);
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
        RunState next = new RunState(base.runId(), base.experiment(), base.arm(), base.segment(), base.epochs(),
                kicks, revived(base.status()), base.finishReason(), base.lastSeen(), base.passages(), base.plateau());
        return settle(current, next, now, true);
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
        RunState next = new RunState(base.runId(), base.experiment(), base.arm() != null ? base.arm() : arm,
                base.segment(), base.epochs(), base.kicks(), status, finishReason, base.lastSeen(), base.passages(),
                base.plateau());
        return settle(current, next, now, true);
    }

    /** Marks a running run stalled once it has been silent for longer than the stall timeout. */
    Outcome stallCheck(RunState current, Instant now) {
        Duration silence = Duration.between(current.lastSeen(), now);
        if (current.status() != RunStatus.RUNNING || silence.compareTo(rules.stallTimeout()) <= 0) {
            return Outcome.UNCHANGED;
        }
        RunState next = new RunState(current.runId(), current.experiment(), current.arm(), current.segment(),
                current.epochs(), current.kicks(), RunStatus.STALLED, null, current.lastSeen(), current.passages(),
                current.plateau());
        return settle(current, next, now, false);
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

    /** Derives passages and plateau, and decides what changed and what to publish. */
    private Outcome settle(RunState before, RunState next, Instant now, boolean heardFrom) {
        RunState derived = derive(next);
        if (derived.equals(before)) {
            return Outcome.UNCHANGED;
        }
        RunState after = heardFrom ? withLastSeen(derived, now) : derived;
        List<RunOutput> outputs = new ArrayList<>();
        if (before == null ? after.plateau() : before.plateau() != after.plateau()) {
            outputs.add(new RunOutput.PlateauChange(plateauEvent(after, now)));
        }
        return new Outcome(after, outputs, before == null || !before.sameSnapshotAs(after));
    }

    private RunState derive(RunState run) {
        double[] values = run.contiguousValues();
        Trajectory trajectory = Trajectory.ofEpochValues(run.runId(), values);
        List<TargetPassage> passages = new ArrayList<>();
        for (Target target : rules.targets()) {
            Passage passage = Passage.of(trajectory, target);
            passages.add(new TargetPassage(target.threshold(), passage.reached() ? passage.time() : null));
        }
        RunTrend trend = trend(values);
        return new RunState(run.runId(), run.experiment(), run.arm(), run.segment(), run.epochs(), run.kicks(),
                run.status(), run.finishReason(), run.lastSeen(), passages, trend != null && trend.plateau());
    }

    private RunTrend trend(double[] values) {
        int window = rules.plateauWindow();
        return window >= 3 && values.length >= window ? RunTrend.of(values, window, rules.plateauAlpha()) : null;
    }

    private PlateauEvent plateauEvent(RunState run, Instant now) {
        double[] values = run.contiguousValues();
        RunTrend trend = trend(values);
        return new PlateauEvent(run.experiment(), run.runId(), run.arm(), values.length,
                run.plateau(), trend == null ? null : finite(trend.slope()), trend == null ? null : finite(trend.pValue()),
                rules.plateauWindow(), now);
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static RunState withLastSeen(RunState run, Instant now) {
        return new RunState(run.runId(), run.experiment(), run.arm(), run.segment(), run.epochs(), run.kicks(),
                run.status(), run.finishReason(), Objects.requireNonNull(now), run.passages(), run.plateau());
    }
}
