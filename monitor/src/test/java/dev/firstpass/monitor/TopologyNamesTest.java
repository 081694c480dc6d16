package dev.firstpass.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.core.time.ManualClock;
import dev.firstpass.monitor.run.RunState;
import dev.firstpass.monitor.serde.MonitorSerdes;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopologyNamesTest {

    @TempDir
    Path stateDir;

    private static TopologyDescription describe(Map<String, String> settings) {
        return MonitorTopology.build(new MonitorConfig(settings), new ManualClock(MonitorHarness.START), 3).describe();
    }

    private static Set<String> nodes(TopologyDescription description) {
        Set<String> nodes = new TreeSet<>();
        description.subtopologies().forEach(sub -> sub.nodes().forEach(node -> nodes.add(node.name())));
        return nodes;
    }

    private static Set<String> stores(TopologyDescription description) {
        Set<String> stores = new TreeSet<>();
        description.subtopologies().forEach(sub -> sub.nodes().forEach(node -> {
            if (node instanceof TopologyDescription.Processor processor) {
                stores.addAll(processor.stores());
            }
        }));
        return stores;
    }

    /** The source topics of each sub-topology, in sub-topology order; internal ones without the application id. */
    private static List<Set<String>> sourceTopics(TopologyDescription description) {
        return description.subtopologies().stream().sorted(Comparator.comparingInt(TopologyDescription.Subtopology::id))
                .map(sub -> {
                    Set<String> topics = new TreeSet<>();
                    sub.nodes().forEach(node -> {
                        if (node instanceof TopologyDescription.Source source) {
                            topics.addAll(source.topicSet());
                        }
                    });
                    return topics;
                }).toList();
    }

    private static final List<String> RUN_AND_EXPERIMENT_STEPS = List.of("run-inputs-epochs-acks", "run-inputs",
            "run-inputs-router", "run-inputs-routed-", "run-inputs-routed-in-place", "run-inputs-routed-misplaced",
            "run-inputs-in-place-values", "run-inputs-misplaced-values", "run-inputs-by-run-repartition-filter",
            "run-inputs-by-run-repartition-sink", "run-inputs-by-run-repartition-source", "run-inputs-by-run",
            "run-state-processor", "run-outputs-", "run-outputs-dead-letters", "run-outputs-plateau",
            "run-outputs-snapshots", "dead-letter-values", "dead-letter-writer", "dead-letter-sink", "plateau-values",
            "plateau-sink", "snapshot-values", "runs-by-experiment-repartition-filter",
            "runs-by-experiment-repartition-sink", "runs-by-experiment-repartition-source", "experiment-state-processor",
            "fpt-stats-sink");

    @Test
    void everyNodeStoreAndInternalTopicHasAStatedName() {
        TopologyDescription description = describe(MonitorHarness.settings(stateDir));

        Set<String> nodes = nodes(description);
        Set<String> stores = stores(description);
        Set<String> expected = new TreeSet<>(RUN_AND_EXPERIMENT_STEPS);
        expected.addAll(List.of("epoch-events-source", "acks-source", "lifecycle-source", "epoch-events-parser",
                "acks-parser", "lifecycle-parser"));
        assertThat(nodes).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(stores).containsExactly("firstpass-experiment-runs", "firstpass-experiment-state",
                "firstpass-fpt-stats", "firstpass-run-epochs", "firstpass-run-state");
        // The run step reads its inputs where they landed and, beside them, those re-routed to their run's partition.
        assertThat(sourceTopics(description)).containsExactly(
                Set.of("training.metrics.epoch", "training.control.acks", "training.runs.lifecycle",
                        "run-inputs-by-run-repartition"),
                Set.of("runs-by-experiment-repartition"));
    }

    @Test
    void aForeignInputIsParsedByItsAdapterInTheSameStepAsTheOtherInputs() {
        Map<String, String> settings = MonitorHarness.settings(stateDir);
        settings.put(MonitorConfig.INPUT_TOPIC.key(), "telegraf.metrics");
        settings.put(MonitorConfig.INPUT_FORMAT.key(), "line-protocol");
        settings.put("input.line-protocol.experiment", "experiment");
        TopologyDescription description = describe(settings);

        Set<String> expected = new TreeSet<>(RUN_AND_EXPERIMENT_STEPS);
        expected.addAll(List.of("epoch-events-source", "acks-source", "lifecycle-source", "epoch-events-parser",
                "acks-parser", "lifecycle-parser"));
        assertThat(nodes(description)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(stores(description)).containsExactly("firstpass-experiment-runs", "firstpass-experiment-state",
                "firstpass-fpt-stats", "firstpass-run-epochs", "firstpass-run-state");
        // Its records take the detour by run id only when they did not land in their run's partition.
        assertThat(sourceTopics(description)).containsExactly(
                Set.of("telegraf.metrics", "training.control.acks", "training.runs.lifecycle",
                        "run-inputs-by-run-repartition"),
                Set.of("runs-by-experiment-repartition"));
    }

    @Test
    void runStateIsWrittenToItsChangelogSoARestartCanRestoreIt() {
        try (MonitorHarness monitor = MonitorHarness.start(MonitorHarness.settings(stateDir))) {
            monitor.run("r1", null, 0.5, 0.85);
            monitor.tick();

            assertThat(monitor.driver.producedTopicNames()).contains("monitor-test-firstpass-run-state-changelog",
                    "monitor-test-firstpass-run-epochs-changelog",
                    "monitor-test-firstpass-experiment-state-changelog", "monitor-test-firstpass-experiment-runs-changelog",
                    "monitor-test-firstpass-fpt-stats-changelog",
                    "monitor-test-runs-by-experiment-repartition");
            List<KeyValue<String, RunState>> changelog = monitor.driver.createOutputTopic(
                    "monitor-test-firstpass-run-state-changelog", new StringDeserializer(),
                    MonitorSerdes.runState().deserializer()).readKeyValuesToList();
            assertThat(changelog).hasSize(2).last().isEqualTo(KeyValue.pair("r1", monitor.runState("r1").state()));
        }
    }
}
