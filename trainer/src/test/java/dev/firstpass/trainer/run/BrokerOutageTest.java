package dev.firstpass.trainer.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.broker.BrokerSettings;
import dev.firstpass.broker.EmbeddedKafkaBroker;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.RunLifecycle;
import dev.firstpass.core.protocol.Topics;
import dev.firstpass.trainer.publish.KafkaSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broker that goes away mid-run and comes back: training goes on, and no epoch event is lost. */
class BrokerOutageTest {

    @TempDir
    Path dir;

    @Test
    void brokerStoppedMidRunLosesNoEventAndKeepsTheirOrder() {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral())) {
            AtomicBoolean spooledWhileDown = new AtomicBoolean();
            Path spool = dir.resolve("outage-s0.spool");
            RunListener outage = new RunListener() {
                @Override
                public void onEpoch(RunEvent.EpochCompleted event) {
                    if (event.epoch() == 1) {
                        broker.stop();
                    } else if (event.epoch() == 5) {
                        // Two records fit in memory; epochs 4 and 5 had to go to the spool file.
                        spooledWhileDown.set(Files.exists(spool));
                        broker.restart();
                    }
                }
            };
            KafkaSettings kafka = KafkaSettings.at(broker.bootstrapServers()).withSpoolDir(dir).withMemoryCapacity(2);

            RunOutcome outcome = TinyJobs.builder("outage").optEpochs(6).optKafka(kafka).addListener(outage).build()
                    .run();

            List<EpochEvent> epochs = TopicReader.values(broker.bootstrapServers(), Topics.EPOCH_EVENTS,
                    "outage-s0", 6).stream().map(ProtocolJson::parseEpochEvent).toList();
            List<RunLifecycle> lifecycle = TopicReader.values(broker.bootstrapServers(), Topics.RUN_LIFECYCLE,
                    "outage-s0", 2).stream().map(ProtocolJson::parseRunLifecycle).toList();
            assertThat(outcome.reason()).isEqualTo(EndReason.COMPLETED);
            assertThat(spooledWhileDown).isTrue();
            assertThat(epochs).extracting(EpochEvent::epoch).containsExactly(1, 2, 3, 4, 5, 6);
            assertThat(lifecycle).extracting(RunLifecycle::type)
                    .containsExactly(RunLifecycle.RUN_STARTED, RunLifecycle.RUN_FINISHED);
            assertThat(spool).doesNotExist();
        }
    }
}
