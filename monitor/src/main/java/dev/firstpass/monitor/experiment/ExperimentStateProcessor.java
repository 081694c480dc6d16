package dev.firstpass.monitor.experiment;

import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.monitor.run.RunSnapshot;
import dev.firstpass.monitor.stats.ExperimentAnalyzer;
import dev.firstpass.monitor.stats.StatsKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects run snapshots per experiment, marks an experiment dirty when one changes, and on a
 * wall-clock schedule re-analyses the dirty ones, publishing their statistics keyed
 * "experiment|arm|target" and keeping the latest for queries.
 *
 * <p>Each run's snapshot is stored on its own, so a record costs the same in a large experiment as in
 * a small one; the runs of an experiment are gathered by one prefix scan when it is analysed.
 *
 * <p>Analysing on a schedule rather than per record bounds the cost: a bootstrap per epoch event of
 * every run would not keep up with a busy experiment, and nobody reads statistics that fast.
 */
final class ExperimentStateProcessor implements Processor<String, RunSnapshot, String, FptStats> {

    private static final Logger LOG = LoggerFactory.getLogger(ExperimentStateProcessor.class);

    private final ExperimentStores stores;
    private final ExperimentAnalyzer analyzer;
    private final Duration interval;
    private final Clock clock;
    private ProcessorContext<String, FptStats> context;
    private KeyValueStore<String, ExperimentState> experiments;
    private KeyValueStore<String, RunSnapshot> runs;
    private KeyValueStore<String, LatestStats> latest;

    ExperimentStateProcessor(ExperimentStores stores, ExperimentAnalyzer analyzer, Duration interval, Clock clock) {
        this.stores = stores;
        this.analyzer = analyzer;
        this.interval = interval;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, FptStats> context) {
        this.context = context;
        this.experiments = context.getStateStore(stores.experiments());
        this.runs = context.getStateStore(stores.runs());
        this.latest = context.getStateStore(stores.latestStats());
        context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, timestamp -> analyseDirty());
    }

    @Override
    public void process(Record<String, RunSnapshot> record) {
        RunSnapshot run = record.value();
        String runKey = ExperimentRunKey.of(record.key(), run.runId());
        RunSnapshot before = runs.get(runKey);
        if (run.equals(before)) {
            return;
        }
        ExperimentState state = experiments.get(record.key());
        if (state == null) {
            state = ExperimentState.empty(record.key());
        }
        runs.put(runKey, run);
        experiments.put(record.key(), state.with(before, run));
    }

    private void analyseDirty() {
        List<ExperimentState> dirty = new ArrayList<>();
        try (KeyValueIterator<String, ExperimentState> all = experiments.all()) {
            all.forEachRemaining(entry -> {
                if (entry.value.dirty()) {
                    dirty.add(entry.value);
                }
            });
        }
        for (ExperimentState state : dirty) {
            publish(state);
        }
    }

    private void publish(ExperimentState state) {
        Instant now = clock.instant();
        List<RunSnapshot> members = new ArrayList<>();
        try (KeyValueIterator<String, RunSnapshot> scan = runs.prefixScan(ExperimentRunKey.prefix(state.experiment()),
                new StringSerializer())) {
            scan.forEachRemaining(entry -> members.add(entry.value));
        }
        List<FptStats> stats;
        try {
            stats = analyzer.analyze(state.experiment(), members, now);
        } catch (RuntimeException e) {
            // The analyzer reports bad data as reasons; reaching this is a fault. Marking the experiment
            // clean avoids repeating it every interval until the next change.
            LOG.error("could not analyse experiment {}", state.experiment(), e);
            stats = null;
        }
        if (stats != null) {
            for (FptStats record : stats) {
                context.forward(new Record<>(StatsKey.of(record), record, now.toEpochMilli()));
            }
            latest.put(state.experiment(), new LatestStats(state.experiment(), stats));
        }
        experiments.put(state.experiment(), state.clean());
    }
}
