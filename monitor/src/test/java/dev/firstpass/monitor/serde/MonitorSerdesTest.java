package dev.firstpass.monitor.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.RunFinished;
import dev.firstpass.monitor.deadletter.DeadLetter;
import dev.firstpass.monitor.deadletter.DeadLetterKind;
import dev.firstpass.monitor.deadletter.SourceRecord;
import dev.firstpass.monitor.experiment.ExperimentState;
import dev.firstpass.monitor.input.RunInput;
import dev.firstpass.monitor.run.EpochValue;
import dev.firstpass.monitor.run.RunSnapshot;
import dev.firstpass.monitor.run.RunState;
import dev.firstpass.monitor.run.RunStatus;
import dev.firstpass.monitor.run.TargetPassage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class MonitorSerdesTest {

    private static <T> T roundTrip(Serde<T> serde, T value) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", value));
    }

    @Test
    void runStateKeepsEveryFieldIncludingNonFiniteValuesAndNulls() {
        RunState run = new RunState("r1", "e1", null, 1, 3, 7,
                List.of(0.5, Double.NaN, Double.NEGATIVE_INFINITY),
                new TreeSet<>(List.of(2)), RunStatus.FINISHED, "completed", Instant.parse("2025-02-06T12:00:00.123456789Z"),
                List.of(new TargetPassage(0.8, null), new TargetPassage(0.4, 1)), true);

        assertThat(roundTrip(MonitorSerdes.runState(), run)).isEqualTo(run);
    }

    @Test
    void runEpochKeepsItsSegmentAndNonFiniteValues() {
        assertThat(roundTrip(MonitorSerdes.epochValue(), new EpochValue(3, Double.NaN)))
                .isEqualTo(new EpochValue(3, Double.NaN));
        assertThat(roundTrip(MonitorSerdes.epochValue(), new EpochValue(0, Double.NEGATIVE_INFINITY)))
                .isEqualTo(new EpochValue(0, Double.NEGATIVE_INFINITY));
    }

    @Test
    void runSnapshotKeepsEveryField() {
        RunSnapshot run = new RunSnapshot("e1", "arm/r1", "tau-20", List.of(0.5, Double.POSITIVE_INFINITY),
                List.of(20, 40), RunStatus.STALLED, null);

        assertThat(roundTrip(MonitorSerdes.runSnapshot(), run)).isEqualTo(run);
    }

    @Test
    void experimentStateIsSmallJson() {
        ExperimentState state = new ExperimentState("e1", 446, 44600, true);
        byte[] bytes = MonitorSerdes.experimentState().serializer().serialize("t", state);

        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .isEqualTo("{\"experiment\":\"e1\",\"runs\":446,\"epochs\":44600,\"dirty\":true}");
        assertThat(roundTrip(MonitorSerdes.experimentState(), state)).isEqualTo(state);
    }

    @Test
    void aForeignEpochEventCrossesTheRepartitionWithItsSourceRecord() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("test_acc", 0.5);
        metrics.put("loss", Double.NaN);
        EpochEvent event = new EpochEvent("e1", "r1", null, 3, 0, Instant.parse("2025-02-06T12:00:00Z"), metrics, 0,
                Map.of());
        SourceRecord source = new SourceRecord(null, "eval,run_id=r1 ...".getBytes(StandardCharsets.UTF_8),
                "telegraf.metrics", 2, 41L);

        RunInput read = roundTrip(MonitorSerdes.runInput(), new RunInput.Epoch(event, source));

        assertThat(read).isInstanceOfSatisfying(RunInput.Epoch.class, epoch -> {
            assertThat(epoch.event()).isEqualTo(event);
            assertThat(epoch.source().key()).isNull();
            assertThat(Arrays.equals(epoch.source().value(), source.value())).isTrue();
            assertThat(List.of(epoch.source().topic(), epoch.source().partition(), epoch.source().offset()))
                    .containsExactly("telegraf.metrics", 2, 41L);
        });
    }

    @Test
    void acksAndLifecycleMessagesCrossTheRepartitionWithTheirSourceRecords() {
        Ack ack = new Ack("kick-after-7", "e1", "r1", Ack.Status.APPLIED, 7, null, Instant.parse("2025-02-06T12:00:00Z"));
        RunFinished end = new RunFinished("e1", "r1", Instant.parse("2025-02-06T12:01:00Z"),
                RunFinished.Reason.STOPPED, 9);
        SourceRecord source = new SourceRecord("r1".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2}, "acks", 1, 5L);

        assertThat(roundTrip(MonitorSerdes.runInput(), new RunInput.Answer(ack, source)))
                .isInstanceOfSatisfying(RunInput.Answer.class, read -> {
                    assertThat(read.ack()).isEqualTo(ack);
                    assertThat(read.source().offset()).isEqualTo(5L);
                });
        assertThat(roundTrip(MonitorSerdes.runInput(), new RunInput.Lifecycle(end, source)))
                .isInstanceOfSatisfying(RunInput.Lifecycle.class, read -> assertThat(read.message()).isEqualTo(end));
    }

    @Test
    void deadLettersAreNeverRepartitioned() {
        RunInput unusable = new RunInput.Unusable(new DeadLetter(new SourceRecord(null, null, "t", 0, 0),
                DeadLetterKind.INVALID_RECORD, "bad"));

        assertThatThrownBy(() -> MonitorSerdes.runInput().serializer().serialize("t", unusable))
                .isInstanceOf(SerializationException.class).hasMessageStartingWith("only usable inputs are repartitioned");
    }
}
