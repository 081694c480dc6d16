package dev.firstpass.cli.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.firstpass.broker.BrokerSettings;
import dev.firstpass.broker.EmbeddedKafkaBroker;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.RunFinished;
import dev.firstpass.core.protocol.RunLifecycle;
import dev.firstpass.core.protocol.RunStarted;
import dev.firstpass.core.protocol.Topics;
import dev.firstpass.trainer.checkpoint.CheckpointState;
import dev.firstpass.trainer.checkpoint.RunFolder;
import dev.firstpass.trainer.run.MetricNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trainer process killed with SIGKILL in the middle of its run resumes from its last checkpoint in a
 * new process: every epoch reaches the topic, none is lost, none is sent twice in one segment, and the
 * epochs trained again after the checkpoint repeat the killed process's values exactly.
 */
class TrainerKillTest {

    private static final String EXPERIMENT = "crash-train";
    private static final String RUN = EXPERIMENT + "-s0";
    private static final int EPOCHS = 10;
    private static final int CHECKPOINT_EVERY = 3;
    /** Killed as soon as this epoch is on the topic, so the kill falls in a later epoch's training. */
    private static final int KILL_AFTER = 5;
    private static final Duration PATIENCE = Duration.ofSeconds(180);

    @TempDir
    Path dir;

    @Test
    void aTrainerKilledMidRunResumesFromItsCheckpointAndLosesOrDoublesNoEpochOnTheWire() throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral())) {
            Map<String, Integer> topics = new HashMap<>();
            Topics.all().forEach(topic -> topics.put(topic, 1));
            kafka.createTopics(topics);
            Path checkpoints = dir.resolve("checkpoints");

            FirstPassProcess killed = FirstPassProcess.start("trainer-killed", dir, trainArguments(kafka, checkpoints));
            killWhenReported(killed, kafka, KILL_AFTER);

            int lastReported = lastEpochOnTheWire(kafka);
            CheckpointState checkpoint = RunFolder.of(checkpoints, RUN).checkpoints().latest().orElseThrow();
            // Where the kill landed: after epoch lastReported was reported and before the run's end, with
            // the checkpoint at or behind what Kafka had confirmed.
            assertThat(lastReported).isBetween(KILL_AFTER, EPOCHS - 1);
            assertThat(checkpoint.epoch()).isLessThanOrEqualTo(lastReported)
                    .isGreaterThanOrEqualTo(CHECKPOINT_EVERY).isEqualTo(checkpoint.epoch() / CHECKPOINT_EVERY
                            * CHECKPOINT_EVERY);

            try (FirstPassProcess resumed = FirstPassProcess.start("trainer-resumed", dir,
                    trainArguments(kafka, checkpoints))) {
                assertThat(resumed.awaitExit(PATIENCE.toSeconds())).as(resumed.output()).isZero();
            }

            List<EpochEvent> wire = readAll(kafka, Topics.EPOCH_EVENTS).stream()
                    .map(r -> ProtocolJson.parseEpochEvent(r.value())).filter(e -> e.runId().equals(RUN)).toList();
            List<Tuple> expected = new ArrayList<>();
            IntStream.rangeClosed(1, lastReported).forEach(epoch -> expected.add(tuple(epoch, 0)));
            IntStream.rangeClosed(checkpoint.epoch() + 1, EPOCHS).forEach(epoch -> expected.add(tuple(epoch, 1)));
            assertThat(wire).extracting(EpochEvent::epoch, EpochEvent::segment).containsExactlyElementsOf(expected);
            // Resumed from the checkpoint, the run retraces the epochs the kill cut off after it.
            for (int epoch = checkpoint.epoch() + 1; epoch <= lastReported; epoch++) {
                assertThat(value(wire, epoch, 1)).as("epoch %d trained again", epoch).isEqualTo(value(wire, epoch, 0));
            }

            List<RunLifecycle> lifecycle = readAll(kafka, Topics.RUN_LIFECYCLE).stream()
                    .map(r -> ProtocolJson.parse(r.value(), RunLifecycle.class)).toList();
            assertThat(lifecycle).filteredOn(RunStarted.class::isInstance).hasSize(2);
            assertThat(lifecycle).filteredOn(RunFinished.class::isInstance).hasSize(1);
        }
    }

    private static void killWhenReported(FirstPassProcess trainer, EmbeddedKafkaBroker kafka, int epoch)
            throws InterruptedException {
        try (KafkaConsumer<String, String> epochs = consumer(kafka, Topics.EPOCH_EVENTS)) {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            boolean reported = false;
            while (!reported) {
                trainer.requireAlive();
                assertThat(System.nanoTime()).as("epoch %d on the topic within %s", epoch, PATIENCE)
                        .isLessThan(deadline);
                for (ConsumerRecord<String, String> record : epochs.poll(Duration.ofMillis(50))) {
                    reported |= ProtocolJson.parseEpochEvent(record.value()).epoch() >= epoch;
                }
            }
        }
        trainer.kill();
    }

    private static List<String> trainArguments(EmbeddedKafkaBroker kafka, Path checkpoints) {
        return List.of("train", "--quiet", "--dataset=generated", "--device=cpu", "--threads=1",
                "--batch-size=32", "--epochs=" + EPOCHS, "--experiment=" + EXPERIMENT, "--seeds=0",
                "--bootstrap-servers=" + kafka.bootstrapServers(),
                "--checkpoint-dir=" + checkpoints, "--checkpoint-every=" + CHECKPOINT_EVERY);
    }

    private static int lastEpochOnTheWire(EmbeddedKafkaBroker kafka) {
        return readAll(kafka, Topics.EPOCH_EVENTS).stream().map(r -> ProtocolJson.parseEpochEvent(r.value()))
                .mapToInt(EpochEvent::epoch).max().orElse(0);
    }

    /** The epoch's metrics but its duration, which no rerun repeats. */
    private static Map<String, Double> value(List<EpochEvent> wire, int epoch, int segment) {
        Map<String, Double> metrics = new HashMap<>(wire.stream()
                .filter(e -> e.epoch() == epoch && e.segment() == segment).findFirst().orElseThrow().metrics());
        metrics.remove(MetricNames.EPOCH_SECONDS);
        return metrics;
    }

    private static List<ConsumerRecord<String, String>> readAll(EmbeddedKafkaBroker kafka, String topic) {
        try (KafkaProbe probe = new KafkaProbe(kafka)) {
            return probe.readAll(Set.of(topic), "read_committed");
        }
    }

    private static KafkaConsumer<String, String> consumer(EmbeddedKafkaBroker kafka, String topic) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
        consumer.assign(List.of(new TopicPartition(topic, 0)));
        consumer.seekToBeginning(List.of(new TopicPartition(topic, 0)));
        return consumer;
    }
}
