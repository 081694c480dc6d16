package dev.firstpass.monitor.run;

import dev.firstpass.monitor.input.RunInput;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each run's state in a store keyed by run id and its epochs in another, one entry per epoch
 * ({@link RunEpochKey}), applies {@link RunTransitions} to every input, and looks for stalled runs on a
 * wall-clock schedule.
 *
 * <p>Snapshots are forwarded keyed by experiment (to be repartitioned), plateau changes keyed by run
 * id, dead letters with the original record's headers.
 *
 * <p>A snapshot holds the run's whole trajectory (read back from the epochs store), so sending one per
 * epoch event would make an event cost grow with the run's length, three times over (the epochs read,
 * the repartition topic and the experiment's store). With a snapshot interval, the runs that changed
 * are only noted, and each one's latest snapshot is sent once per interval: the experiment's analysis,
 * which runs on its own schedule, needs no more. The notes live in memory; after a restart or a
 * rebalance every run of the task is sent once more, which the experiment step ignores where nothing
 * changed.
 */
final class RunStateProcessor implements Processor<String, RunInput, String, RunOutput> {

    private final String storeName;
    private final String epochsStoreName;
    private final RunRules rules;
    private final RunTransitions transitions;
    private final Clock clock;
    private ProcessorContext<String, RunOutput> context;
    private KeyValueStore<String, RunState> store;
    private KeyValueStore<String, EpochValue> epochs;
    private final Set<String> changedRuns = new LinkedHashSet<>();

    RunStateProcessor(String storeName, String epochsStoreName, RunRules rules, Clock clock) {
        this.storeName = storeName;
        this.epochsStoreName = epochsStoreName;
        this.rules = rules;
        this.transitions = new RunTransitions(rules);
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, RunOutput> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.epochs = context.getStateStore(epochsStoreName);
        context.schedule(rules.stallCheckInterval(), PunctuationType.WALL_CLOCK_TIME, timestamp -> checkStalls());
        if (gathersSnapshots()) {
            try (KeyValueIterator<String, RunState> all = store.all()) {
                all.forEachRemaining(entry -> changedRuns.add(entry.key));
            }
            context.schedule(rules.snapshotInterval(), PunctuationType.WALL_CLOCK_TIME,
                    timestamp -> sendSnapshots(timestamp));
        }
    }

    @Override
    public void process(Record<String, RunInput> record) {
        RunInput input = record.value();
        if (input instanceof RunInput.Unusable unusable) {
            context.forward(record.withValue(new RunOutput.Rejected(unusable.deadLetter())));
            return;
        }
        RunState current = store.get(record.key());
        RunTransitions.Outcome outcome;
        if (input instanceof RunInput.Epoch epoch) {
            outcome = transitions.epoch(current, new RunEpochs(epochs, record.key()), epoch.event(), epoch.source(),
                    clock.instant());
        } else if (input instanceof RunInput.Answer answer) {
            outcome = transitions.ack(current, answer.ack(), answer.source(), clock.instant());
        } else {
            RunInput.Lifecycle lifecycle = (RunInput.Lifecycle) input;
            outcome = transitions.lifecycle(current, lifecycle.message(), lifecycle.source(), clock.instant());
        }
        apply(record.key(), outcome, record);
    }

    private void checkStalls() {
        List<KeyValue<String, RunTransitions.Outcome>> changes = new ArrayList<>();
        try (KeyValueIterator<String, RunState> all = store.all()) {
            all.forEachRemaining(entry -> {
                RunTransitions.Outcome outcome = transitions.stallCheck(entry.value, clock.instant());
                if (outcome.state() != null) {
                    changes.add(KeyValue.pair(entry.key, outcome));
                }
            });
        }
        Record<String, RunInput> trigger = new Record<>(null, null, clock.millis());
        changes.forEach(change -> apply(change.key, change.value, trigger));
    }

    private void apply(String runId, RunTransitions.Outcome outcome, Record<String, RunInput> trigger) {
        if (outcome.state() != null) {
            store.put(runId, outcome.state());
        }
        if (outcome.snapshotChanged()) {
            if (gathersSnapshots()) {
                changedRuns.add(runId);
            } else {
                forwardSnapshot(outcome.state(), trigger.timestamp());
            }
        }
        for (RunOutput output : outcome.outputs()) {
            if (output instanceof RunOutput.Rejected) {
                context.forward(trigger.withValue(output));
            } else {
                context.forward(new Record<>(runId, output, trigger.timestamp()));
            }
        }
    }

    private void forwardSnapshot(RunState run, long timestamp) {
        RunSnapshot snapshot = snapshot(run);
        context.forward(new Record<>(snapshot.experiment(), new RunOutput.Snapshot(snapshot), timestamp));
    }

    /** What the experiment sees of {@code run}: its contiguous values are read from the epochs store. */
    private RunSnapshot snapshot(RunState run) {
        List<Double> values = new ArrayList<>(run.contiguous());
        for (double value : new RunEpochs(epochs, run.runId()).values(1, run.contiguous())) {
            values.add(value);
        }
        return new RunSnapshot(run.experiment(), run.runId(), run.arm(), values, new ArrayList<>(run.kicks()),
                run.status(), run.finishReason());
    }

    private boolean gathersSnapshots() {
        return !rules.snapshotInterval().isZero();
    }

    private void sendSnapshots(long timestamp) {
        for (String runId : changedRuns) {
            RunState run = store.get(runId);
            if (run != null) {
                forwardSnapshot(run, timestamp);
            }
        }
        changedRuns.clear();
    }
}
