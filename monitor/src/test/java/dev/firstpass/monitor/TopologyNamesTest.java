package dev.firstpass.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.monitor.run.RunState;
import dev.firstpass.monitor.serde.MonitorSerdes;
import java.nio.file.Path;
import java.util.List;
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

    @Test
    void everyNodeStoreAndInternalTopicHasAStatedName() {
        TopologyDescription description = MonitorTopology.build(new MonitorConfig(MonitorHarness.settings(stateDir)),
                new TestClock(MonitorHarness.START)).describe();

        Set<String> nodes = new TreeSet<>();
        Set<String> stores = new TreeSet<>();
        description.subtopologies().forEach(sub -> sub.nodes().forEach(node -> {
            nodes.add(node.name());
            if (node instanceof TopologyDescription.Processor processor) {
                stores.addAll(processor.stores());
            }
        }));
        assertThat(nodes).containsExactlyInAnyOrder("epoch-events-source", "acks-source", "lifecycle-source",
                "epoch-events-parser", "acks-parser", "lifecycle-parser", "run-inputs-epochs-acks", "run-inputs",
                "run-state-processor", "run-outputs-", "run-outputs-dead-letters", "run-outputs-plateau",
                "run-outputs-snapshots", "dead-letter-values", "dead-letter-writer", "dead-letter-sink",
                "plateau-values", "plateau-sink", "snapshot-values", "runs-by-experiment-repartition-filter",
                "runs-by-experiment-repartition-sink", "runs-by-experiment-repartition-source",
                "experiment-state-processor", "fpt-stats-sink");
        assertThat(stores).containsExactly("firstpass-experiment-state", "firstpass-fpt-stats", "firstpass-run-state");
    }

    @Test
    void runStateIsWrittenToItsChangelogSoARestartCanRestoreIt() {
        try (MonitorHarness monitor = MonitorHarness.start(MonitorHarness.settings(stateDir))) {
            monitor.run("r1", null, 0.5, 0.85);
            monitor.tick();

            assertThat(monitor.driver.producedTopicNames()).contains("monitor-test-firstpass-run-state-changelog",
                    "monitor-test-firstpass-experiment-state-changelog", "monitor-test-firstpass-fpt-stats-changelog",
                    "monitor-test-runs-by-experiment-repartition");
            List<KeyValue<String, RunState>> changelog = monitor.driver.createOutputTopic(
                    "monitor-test-firstpass-run-state-changelog", new StringDeserializer(),
                    MonitorSerdes.runState().deserializer()).readKeyValuesToList();
            assertThat(changelog).hasSize(2).last().isEqualTo(KeyValue.pair("r1", monitor.runState("r1")));
        }
    }
}
