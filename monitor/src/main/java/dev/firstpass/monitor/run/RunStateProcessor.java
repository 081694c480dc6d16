package dev.firstpass.monitor.run;

import dev.firstpass.monitor.input.RunInput;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each run's state in a store keyed by run id, applies {@link RunTransitions} to every input,
 * and looks for stalled runs on a wall-clock schedule.
 *
 * <p>Snapshots are forwarded keyed by experiment (to be repartitioned), plateau changes keyed by run
 * id, dead letters with the original record's headers.
 */
final class RunStateProcessor implements Processor<String, RunInput, String, RunOutput> {

    private final String storeName;
    private final RunRules rules;
    private final RunTransitions transitions;
    private final Clock clock;
    private ProcessorContext<String, RunOutput> context;
    private KeyValueStore<String, RunState> store;

    RunStateProcessor(String storeName, RunRules rules, Clock clock) {
        this.storeName = storeName;
        this.rules = rules;
        this.transitions = new RunTransitions(rules);
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, RunOutput> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        context.schedule(rules.stallCheckInterval(), PunctuationType.WALL_CLOCK_TIME, timestamp -> checkStalls());
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
            outcome = transitions.epoch(current, epoch.event(), epoch.source(), clock.instant());
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
        for (RunOutput output : outcome.outputs()) {
            if (output instanceof RunOutput.Rejected) {
                context.forward(trigger.withValue(output));
            } else if (output instanceof RunOutput.Snapshot snapshot) {
                context.forward(new Record<>(snapshot.snapshot().experiment(), output, trigger.timestamp()));
            } else {
                context.forward(new Record<>(runId, output, trigger.timestamp()));
            }
        }
    }
}
