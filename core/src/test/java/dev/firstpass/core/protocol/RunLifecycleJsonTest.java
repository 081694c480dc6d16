package dev.firstpass.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunLifecycleJsonTest {

    private static final Instant TIME = Instant.parse("2024-05-01T12:00:00Z");

    private static RunStarted started() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("model", "resnet18");
        config.put("lr", "0.1");
        return new RunStarted("cifar", "run-7", null, TIME, 42L, 100, true, config);
    }

    @Test
    void writesRunStartedWithItsType() {
        assertThat(ProtocolJson.write(started())).isEqualTo("{\"schema\":1,\"type\":\"run_started\","
                + "\"experiment\":\"cifar\",\"run_id\":\"run-7\",\"arm\":null,\"time\":\"2024-05-01T12:00:00Z\","
                + "\"seed\":42,\"max_epochs\":100,\"controllable\":true,\"config\":{\"model\":\"resnet18\",\"lr\":\"0.1\"}}");
    }

    @Test
    void roundTripsRunStarted() {
        assertThat(ProtocolJson.parseRunStarted(ProtocolJson.write(started()))).isEqualTo(started());
    }

    @Test
    void runStartedIsNotControllableUnlessItSaysSo() {
        RunStarted read = ProtocolJson.parseRunStarted("{\"schema\":1,\"experiment\":\"cifar\",\"run_id\":\"r\","
                + "\"time\":\"2024-05-01T12:00:00Z\",\"seed\":-3,\"max_epochs\":5}");

        assertThat(read.controllable()).isFalse();
        assertThat(read.config()).isEmpty();
        assertThat(read.seed()).isEqualTo(-3L);
    }

    @Test
    void writesAndRoundTripsRunFinished() {
        RunFinished finished = new RunFinished("cifar", "run-7", TIME, RunFinished.Reason.STOPPED, 37);
        String json = ProtocolJson.write(finished);

        assertThat(json).isEqualTo("{\"schema\":1,\"type\":\"run_finished\",\"experiment\":\"cifar\","
                + "\"run_id\":\"run-7\",\"time\":\"2024-05-01T12:00:00Z\",\"reason\":\"stopped\",\"last_epoch\":37}");
        assertThat(ProtocolJson.parseRunFinished(json)).isEqualTo(finished);
    }

    @Test
    void readsEitherLifecycleMessageByItsType() {
        RunFinished finished = new RunFinished("cifar", "run-7", TIME, RunFinished.Reason.FAILED, 0);

        assertThat(ProtocolJson.parseRunLifecycle(ProtocolJson.write(started()))).isEqualTo(started());
        assertThat(ProtocolJson.parseRunLifecycle(ProtocolJson.writeBytes(finished))).isEqualTo(finished);
    }

    @Test
    void rejectsLifecycleMessageWithoutType() {
        String json = ProtocolJson.write(started()).replace("\"type\":\"run_started\",", "");

        assertThatThrownBy(() -> ProtocolJson.parseRunLifecycle(json))
                .hasMessage("type is required (run_started or run_finished)");
    }

    @Test
    void rejectsRunFinishedReadAsRunStarted() {
        String json = ProtocolJson.write(new RunFinished("cifar", "run-7", TIME, RunFinished.Reason.COMPLETED, 9));

        assertThatThrownBy(() -> ProtocolJson.parseRunStarted(json))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("type must be run_started: \"run_finished\"; seed is required; max_epochs is required");
    }

    @Test
    void rejectsUnknownFinishReasonListingTheKnownOnes() {
        String json = "{\"schema\":1,\"experiment\":\"cifar\",\"run_id\":\"r\",\"time\":\"2024-05-01T12:00:00Z\","
                + "\"reason\":\"Completed\",\"last_epoch\":3}";

        assertThatThrownBy(() -> ProtocolJson.parseRunFinished(json))
                .hasMessage("reason must be one of completed, stopped, failed: \"Completed\"");
    }

    @Test
    void rejectsZeroEpochBudget() {
        assertThatThrownBy(() -> new RunStarted("cifar", "r", null, TIME, 1L, 0, false, null))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("max_epochs must be at least 1: 0");
    }
}
