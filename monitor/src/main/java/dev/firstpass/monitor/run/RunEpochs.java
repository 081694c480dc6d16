package dev.firstpass.monitor.run;

import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** The epochs of one run, each its own entry of the epochs store, looked up one by one or by range. */
final class RunEpochs {

    private final KeyValueStore<String, EpochValue> store;
    private final String runId;

    RunEpochs(KeyValueStore<String, EpochValue> store, String runId) {
        this.store = store;
        this.runId = runId;
    }

    EpochValue get(int epoch) {
        return store.get(RunEpochKey.of(runId, epoch));
    }

    void put(int epoch, EpochValue value) {
        store.put(RunEpochKey.of(runId, epoch), value);
    }

    void delete(int epoch) {
        store.delete(RunEpochKey.of(runId, epoch));
    }

    /** The epochs held from {@code from} to {@code to}, both included, by epoch; empty when from > to. */
    SortedMap<Integer, EpochValue> range(int from, int to) {
        SortedMap<Integer, EpochValue> epochs = new TreeMap<>();
        if (from > to) {
            return epochs;
        }
        try (KeyValueIterator<String, EpochValue> scan = store.range(RunEpochKey.of(runId, from),
                RunEpochKey.of(runId, to))) {
            scan.forEachRemaining(entry -> epochs.put(RunEpochKey.epochOf(entry.key), entry.value));
        }
        return epochs;
    }

    /** The values of epochs {@code from} to {@code to} of the contiguous part, in order. */
    double[] values(int from, int to) {
        return range(from, to).values().stream().mapToDouble(EpochValue::value).toArray();
    }
}
