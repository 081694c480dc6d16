package dev.firstpass.trainer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.firstpass.broker.BrokerSettings;
import dev.firstpass.broker.EmbeddedKafkaBroker;
import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.CloudEventHeaders;
import dev.firstpass.core.protocol.Command;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.PerturbationKind;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.RunFinished;
import dev.firstpass.core.protocol.RunLifecycle;
import dev.firstpass.core.protocol.RunStarted;
import dev.firstpass.core.protocol.Schedule;
import dev.firstpass.core.protocol.Topics;
import dev.firstpass.trainer.checkpoint.CheckpointSettings;
import dev.firstpass.trainer.publish.KafkaSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs against a real in-process broker: what a trainer publishes, and how it answers commands. */
class KafkaRunTest {

    private static final Instant ISSUED = Instant.parse("2025-03-01T11:00:00Z");
    private static EmbeddedKafkaBroker broker;
    private static KafkaProducer<String, byte[]> controller;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral());
        controller = TopicReader.producer(broker.bootstrapServers());
    }

    @AfterAll
    static void stopBroker() {
        controller.close();
        broker.close();
    }

    private KafkaSettings kafka() {
        return KafkaSettings.at(broker.bootstrapServers()).withSpoolDir(dir);
    }

    @Test
    void publishesRunStartedOneEpochEventPerEpochWithAllMetricsAndRunFinished() {
        TinyJobs.builder("publish").optArm("baseline").optKafka(kafka()).build().run();

        List<RunLifecycle> lifecycle = TopicReader.values(broker.bootstrapServers(), Topics.RUN_LIFECYCLE,
                "publish-s0", 2).stream().map(ProtocolJson::parseRunLifecycle).toList();
        List<EpochEvent> epochs = TopicReader.values(broker.bootstrapServers(), Topics.EPOCH_EVENTS, "publish-s0", 3)
                .stream().map(ProtocolJson::parseEpochEvent).toList();

        assertThat(lifecycle).hasSize(2);
        assertThat(lifecycle.get(0)).isInstanceOfSatisfying(RunStarted.class, started -> {
            assertThat(started.experiment()).isEqualTo("publish");
            assertThat(started.arm()).isEqualTo("baseline");
            assertThat(started.seed()).isZero();
            assertThat(started.maxEpochs()).isEqualTo(3);
            assertThat(started.controllable()).isFalse();
            assertThat(started.time()).isEqualTo(TinyJobs.CLOCK.instant());
            assertThat(started.config()).containsEntry("model", "mlp-8").containsEntry("batch_size", "50")
                    .containsEntry("segment", "0").containsEntry("dataset", "generated");
        });
        assertThat(lifecycle.get(1)).isEqualTo(new RunFinished("publish", "publish-s0", TinyJobs.CLOCK.instant(),
                RunFinished.Reason.COMPLETED, 3));
        assertThat(epochs).extracting(EpochEvent::epoch).containsExactly(1, 2, 3);
        assertThat(epochs).allSatisfy(event -> {
            assertThat(event.metrics().keySet()).containsExactlyElementsOf(MetricNames.ALL);
            assertThat(event.segment()).isZero();
            assertThat(event.arm()).isEqualTo("baseline");
            assertThat(event.perturbationsApplied()).isZero();
            assertThat(event.hyperparams()).containsEntry("optimizer", "sgd");
        });
    }

    @Test
    void answersCommandsAppliesPeriodicOnesAfterTheRightEpochsAndIgnoresDuplicates() throws Exception {
        String run = "ctl-s0";
        Command periodic = command("p1", run, Map.of(), Schedule.every(2).fromEpoch(1));
        TopicReader.send(controller, Topics.COMMANDS, run, periodic);
        TopicReader.send(controller, Topics.COMMANDS, run, periodic);
        TopicReader.send(controller, Topics.COMMANDS, run, command("f1", "ctl-s9", Map.of(), Schedule.nextEpoch()));
        sendInvalidShrink("bad1", run);
        TinyJobs.Events events = new TinyJobs.Events();

        TinyJobs.builder("ctl").optEpochs(5).optKafka(kafka()).optControllable(true).addListener(events).build().run();

        List<Ack> acks = TopicReader.values(broker.bootstrapServers(), Topics.ACKS, run, 4).stream()
                .map(ProtocolJson::parseAck).toList();
        List<EpochEvent> epochs = TopicReader.values(broker.bootstrapServers(), Topics.EPOCH_EVENTS, run, 5)
                .stream().map(ProtocolJson::parseEpochEvent).toList();
        assertThat(acks).extracting(Ack::commandId, Ack::status, Ack::epoch, Ack::reason).containsExactly(
                tuple("f1", Ack.Status.REFUSED, null, "command is for run ctl-s9, this is run ctl-s0"),
                tuple("bad1", Ack.Status.REFUSED, null,
                        "invalid command: shrink_perturb parameter 'shrink' must be in (0, 1]: 1.5"),
                tuple("p1", Ack.Status.APPLIED, 1, null),
                tuple("p1", Ack.Status.APPLIED, 3, null));
        assertThat(acks).extracting(Ack::runId).containsOnly(run);
        assertThat(epochs).extracting(EpochEvent::perturbationsApplied).containsExactly(0, 1, 1, 2, 2);
        assertThat(events.of(RunEvent.CommandRefused.class)).extracting(RunEvent.CommandRefused::commandId)
                .containsExactly("f1", "bad1");
        assertThat(events.of(RunEvent.PerturbationApplied.class)).extracting(RunEvent::epoch).containsExactly(1, 3);
    }

    @Test
    void killedJobResumesFromItsCheckpointAsSegmentOneWithoutReapplyingItsCommand() throws Exception {
        String run = "resume-s0";
        TopicReader.send(controller, Topics.COMMANDS, run,
                command("once", run, Map.of("shrink", 0.5), Schedule.nextEpoch()));
        CheckpointSettings checkpoints = CheckpointSettings.everyEpochs(2, dir.resolve("checkpoints"));
        TrainingJob[] first = new TrainingJob[1];
        first[0] = TinyJobs.builder("resume").optEpochs(4).optKafka(kafka()).optControllable(true)
                .optCheckpoints(checkpoints).addListener(new TinyJobs.Events(3, () -> first[0].close())).build();
        RunOutcome killed = first[0].run();

        RunOutcome resumed = TinyJobs.builder("resume").optEpochs(4).optKafka(kafka()).optControllable(true)
                .optCheckpoints(checkpoints).build().run();

        List<EpochEvent> epochs = TopicReader.values(broker.bootstrapServers(), Topics.EPOCH_EVENTS, run, 5)
                .stream().map(ProtocolJson::parseEpochEvent).toList();
        List<Ack> acks = TopicReader.values(broker.bootstrapServers(), Topics.ACKS, run, 1).stream()
                .map(ProtocolJson::parseAck).toList();
        List<RunLifecycle> lifecycle = TopicReader.values(broker.bootstrapServers(), Topics.RUN_LIFECYCLE, run, 3)
                .stream().map(ProtocolJson::parseRunLifecycle).toList();
        assertThat(killed.reason()).isEqualTo(EndReason.KILLED);
        assertThat(resumed.segment()).isEqualTo(1);
        assertThat(epochs).extracting(EpochEvent::epoch, EpochEvent::segment, EpochEvent::perturbationsApplied)
                .containsExactly(tuple(1, 0, 0), tuple(2, 0, 1), tuple(3, 0, 1), tuple(3, 1, 1), tuple(4, 1, 1));
        assertThat(acks).extracting(Ack::commandId, Ack::epoch).containsExactly(tuple("once", 1));
        // Started, started again as segment 1, finished; the killed segment sent no run-finished.
        assertThat(lifecycle).extracting(RunLifecycle::type)
                .containsExactly(RunLifecycle.RUN_STARTED, RunLifecycle.RUN_STARTED, RunLifecycle.RUN_FINISHED);
        assertThat(((RunStarted) lifecycle.get(1)).config()).containsEntry("segment", "1")
                .containsEntry("resumed_after_epoch", "2");
    }

    private static Command command(String id, String runId, Map<String, Double> params, Schedule schedule) {
        String experiment = runId.substring(0, runId.indexOf('-'));
        return new Command(id, experiment, runId, PerturbationKind.SHRINK_PERTURB, params, schedule, ISSUED);
    }

    private static void sendInvalidShrink(String id, String runId) throws Exception {
        String body = "{\"schema\":1,\"command_id\":\"" + id + "\",\"experiment\":\"ctl\",\"run_id\":\"" + runId
                + "\",\"kind\":\"shrink_perturb\",\"params\":{\"shrink\":1.5},\"schedule\":{\"type\":\"next_epoch\"},"
                + "\"issued_at\":\"" + ISSUED + "\"}";
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(CloudEventHeaders.ID, id);
        headers.put(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
        headers.put(CloudEventHeaders.TYPE, CloudEventHeaders.COMMAND_TYPE);
        headers.put(CloudEventHeaders.SOURCE, "/test/controller");
        headers.put(CloudEventHeaders.SUBJECT, runId);
        headers.put(CloudEventHeaders.TIME, ISSUED.toString());
        headers.put(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        TopicReader.send(controller, Topics.COMMANDS, runId, headers, body.getBytes(StandardCharsets.UTF_8));
    }
}
