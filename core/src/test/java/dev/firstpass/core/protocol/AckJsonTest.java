package dev.firstpass.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AckJsonTest {

    private static final Instant TIME = Instant.parse("2024-05-01T12:00:00Z");
    private static final Command COMMAND = new Command("cmd-1", "cifar", "run-7", PerturbationKind.WARM_RESTART,
            Map.of(), Schedule.nextEpoch(), TIME);

    @Test
    void writesAndRoundTripsAppliedAck() {
        Ack ack = Ack.applied(COMMAND, 12, TIME);
        String json = ProtocolJson.write(ack);

        assertThat(json).isEqualTo("{\"schema\":1,\"command_id\":\"cmd-1\",\"experiment\":\"cifar\","
                + "\"run_id\":\"run-7\",\"status\":\"applied\",\"epoch\":12,\"reason\":null,"
                + "\"time\":\"2024-05-01T12:00:00Z\"}");
        assertThat(ProtocolJson.parseAck(json)).isEqualTo(ack);
    }

    @Test
    void writesAndRoundTripsRefusedAck() {
        Ack ack = Ack.refused(COMMAND, "run is not controllable", TIME);
        String json = ProtocolJson.write(ack);

        assertThat(json).isEqualTo("{\"schema\":1,\"command_id\":\"cmd-1\",\"experiment\":\"cifar\","
                + "\"run_id\":\"run-7\",\"status\":\"refused\",\"epoch\":null,\"reason\":\"run is not controllable\","
                + "\"time\":\"2024-05-01T12:00:00Z\"}");
        assertThat(ProtocolJson.parseAck(ProtocolJson.writeBytes(ack))).isEqualTo(ack);
    }

    @Test
    void rejectsAppliedAckWithoutEpoch() {
        String json = "{\"schema\":1,\"command_id\":\"cmd-1\",\"experiment\":\"cifar\",\"run_id\":\"run-7\","
                + "\"status\":\"applied\",\"time\":\"2024-05-01T12:00:00Z\"}";

        assertThatThrownBy(() -> ProtocolJson.parseAck(json)).hasMessage("epoch is required when applied");
    }

    @Test
    void rejectsAppliedAckAtEpochZero() {
        assertThatThrownBy(() -> Ack.applied(COMMAND, 0, TIME)).hasMessage("epoch must be at least 1: 0");
    }

    @Test
    void rejectsRefusedAckWithoutReason() {
        String json = "{\"schema\":1,\"command_id\":\"cmd-1\",\"experiment\":\"cifar\",\"run_id\":\"run-7\","
                + "\"status\":\"refused\",\"time\":\"2024-05-01T12:00:00Z\"}";

        assertThatThrownBy(() -> ProtocolJson.parseAck(json)).hasMessage("reason is required when refused");
    }

    @Test
    void rejectsRefusedAckWithBlankReason() {
        assertThatThrownBy(() -> Ack.refused(COMMAND, " ", TIME))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("reason must not be blank: \" \"");
    }
}
