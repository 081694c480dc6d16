package dev.firstpass.monitor.query;

import dev.firstpass.monitor.MonitorTopology;
import dev.firstpass.monitor.experiment.ExperimentState;
import dev.firstpass.monitor.experiment.LatestStats;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * What the monitor can be asked about its experiments.
 *
 * @throws QueriesUnavailableException from any method while the stores cannot be read
 */
public interface MonitorQueries {

    /** Every experiment with its run count, ordered by id. */
    List<ExperimentSummary> experiments();

    /** The latest statistics of {@code experiment}, or empty when the monitor never heard of it. */
    Optional<ExperimentView> experiment(String experiment);

    /**
     * Queries over the named stores of a running {@link KafkaStreams} (local instance only); the stores
     * are looked up on every call, as they come and go with rebalances.
     */
    static MonitorQueries of(KafkaStreams streams) {
        return fromStores(
                () -> streams.store(StoreQueryParameters.fromNameAndType(MonitorTopology.EXPERIMENT_STATE_STORE,
                        QueryableStoreTypes.<String, ExperimentState>keyValueStore())),
                () -> streams.store(StoreQueryParameters.fromNameAndType(MonitorTopology.FPT_STATS_STORE,
                        QueryableStoreTypes.<String, LatestStats>keyValueStore())));
    }

    /** Queries over whatever supplies the two stores, e.g. a {@code TopologyTestDriver}'s. */
    static MonitorQueries fromStores(Supplier<? extends ReadOnlyKeyValueStore<String, ExperimentState>> experiments,
            Supplier<? extends ReadOnlyKeyValueStore<String, LatestStats>> stats) {
        return new StoreQueries(experiments, stats);
    }
}
