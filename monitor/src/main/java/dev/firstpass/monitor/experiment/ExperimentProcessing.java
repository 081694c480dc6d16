package dev.firstpass.monitor.experiment;

import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.monitor.run.RunSnapshot;
import dev.firstpass.monitor.stats.ExperimentAnalyzer;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

/** The per-experiment step of the monitor: run snapshots in, first-passage statistics out. */
public final class ExperimentProcessing {

    private ExperimentProcessing() {
    }

    /**
     * The processor that gathers run snapshots keyed by experiment and, every {@code interval} of wall
     * clock, publishes the statistics of the experiments that changed.
     */
    public static ProcessorSupplier<String, RunSnapshot, String, FptStats> processor(ExperimentStores stores,
            ExperimentAnalyzer analyzer, Duration interval, Clock clock) {
        return () -> new ExperimentStateProcessor(stores, analyzer, interval, clock);
    }
}
