package dev.firstpass.monitor;

import static dev.firstpass.monitor.MonitorHarness.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An epoch event's work does not grow with its run's length, measured in what it writes to the run
 * step's changelogs rather than in time: a state that held the run's history would be rewritten whole
 * by every event and grow by an epoch each time.
 */
class PerEventCostTest {

    private static final int EPOCHS = 1000;

    @TempDir
    Path stateDir;

    @Test
    void anEpochEventWritesTheSameBytesAtEpoch1000AsAtEpoch100() {
        Map<String, String> settings = MonitorHarness.settings(stateDir);
        settings.put(MonitorConfig.SNAPSHOT_INTERVAL.key(), "1s");
        try (MonitorHarness monitor = MonitorHarness.start(settings)) {
            TestOutputTopic<byte[], byte[]> runState = changelog(monitor, "firstpass-run-state");
            TestOutputTopic<byte[], byte[]> runEpochs = changelog(monitor, "firstpass-run-epochs");
            List<Integer> bytesPerEvent = new ArrayList<>();
            for (int epoch = 1; epoch <= EPOCHS; epoch++) {
                // Rising by a whole thousandth per epoch: past the 0.8 target at epoch 800, never a plateau.
                monitor.send(event("r1", epoch, epoch / 1000.0));
                List<TestRecord<byte[], byte[]>> written = new ArrayList<>(runState.readRecordsToList());
                written.addAll(runEpochs.readRecordsToList());
                // One record in each changelog: the run's state and the new epoch.
                assertThat(written).as("records written by epoch %d", epoch).hasSize(2);
                bytesPerEvent.add(written.stream().mapToInt(r -> r.key().length + r.value().length).sum());
            }

            assertThat(bytesPerEvent.subList(90, 100)).doesNotContain(0)
                    .isEqualTo(bytesPerEvent.subList(EPOCHS - 10, EPOCHS));
            assertThat(monitor.runState("r1").passages()).extracting(p -> p.epoch()).containsExactly(800);
        }
    }

    private static TestOutputTopic<byte[], byte[]> changelog(MonitorHarness monitor, String store) {
        return monitor.driver.createOutputTopic("monitor-test-" + store + "-changelog", new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }
}
