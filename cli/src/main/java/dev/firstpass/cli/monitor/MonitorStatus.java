package dev.firstpass.cli.monitor;

import dev.firstpass.monitor.MonitorApp;
import dev.firstpass.monitor.query.ExperimentSummary;
import dev.firstpass.monitor.query.QueriesUnavailableException;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What one monitor instance is doing, as a progress line: the experiments and runs in its own stores
 * and the records it dead-lettered.
 */
final class MonitorStatus {

    private final MonitorApp app;

    MonitorStatus(MonitorApp app) {
        this.app = app;
    }

    /** For example "experiments 2, runs 446, dead letters 0"; while the stores are not readable, the state. */
    String line() {
        String deadLetters = "dead letters " + app.dlqCount();
        try {
            List<ExperimentSummary> experiments = app.queries().experiments();
            int runs = experiments.stream().mapToInt(ExperimentSummary::runs).sum();
            return "experiments " + experiments.size() + ", runs " + runs + ", " + deadLetters;
        } catch (QueriesUnavailableException e) {
            return "waiting for Kafka Streams (" + app.state() + "), " + deadLetters;
        }
    }

    /** True once Kafka Streams has stopped on its own: there is nothing left to monitor with. */
    boolean failed() {
        KafkaStreams.State state = app.state();
        return state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING
                || state == KafkaStreams.State.PENDING_ERROR;
    }
}
