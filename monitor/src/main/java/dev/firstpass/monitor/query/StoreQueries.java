package dev.firstpass.monitor.query;

import dev.firstpass.monitor.experiment.ExperimentState;
import dev.firstpass.monitor.experiment.LatestStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** {@link MonitorQueries} over the experiment-state and statistics stores. */
final class StoreQueries implements MonitorQueries {

    private final Supplier<? extends ReadOnlyKeyValueStore<String, ExperimentState>> experiments;
    private final Supplier<? extends ReadOnlyKeyValueStore<String, LatestStats>> stats;

    StoreQueries(Supplier<? extends ReadOnlyKeyValueStore<String, ExperimentState>> experiments,
            Supplier<? extends ReadOnlyKeyValueStore<String, LatestStats>> stats) {
        this.experiments = experiments;
        this.stats = stats;
    }

    @Override
    public List<ExperimentSummary> experiments() {
        try (KeyValueIterator<String, ExperimentState> all = experiments.get().all()) {
            List<ExperimentSummary> summaries = new ArrayList<>();
            all.forEachRemaining(entry -> summaries.add(new ExperimentSummary(entry.key, entry.value.runs())));
            return summaries;
        } catch (InvalidStateStoreException e) {
            throw unavailable(e);
        }
    }

    @Override
    public Optional<ExperimentView> experiment(String experiment) {
        try {
            ExperimentState state = experiments.get().get(experiment);
            if (state == null) {
                return Optional.empty();
            }
            LatestStats latest = stats.get().get(experiment);
            return Optional.of(new ExperimentView(experiment, state.runs(), state.epochs(), state.dirty(),
                    latest == null ? List.of() : latest.stats()));
        } catch (InvalidStateStoreException e) {
            throw unavailable(e);
        }
    }

    private static QueriesUnavailableException unavailable(InvalidStateStoreException e) {
        return new QueriesUnavailableException("the monitor's stores cannot be queried now: " + e.getMessage(), e);
    }
}
