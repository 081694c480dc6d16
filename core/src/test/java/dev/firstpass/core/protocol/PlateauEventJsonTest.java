package dev.firstpass.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PlateauEventJsonTest {

    private static final Instant TIME = Instant.parse("2025-02-06T12:00:00Z");

    @Test
    void writesAndRoundTripsARunEnteringAPlateau() {
        PlateauEvent event = new PlateauEvent("e1", "r1", "a", 8, true, 0.025, 0.18169011381620925, 5, TIME);
        String json = ProtocolJson.write(event);

        assertThat(json).isEqualTo("{\"schema\":1,\"experiment\":\"e1\",\"run_id\":\"r1\",\"arm\":\"a\",\"epoch\":8,"
                + "\"plateau\":true,\"slope\":0.025,\"p_value\":0.18169011381620925,\"window\":5,"
                + "\"time\":\"2025-02-06T12:00:00Z\"}");
        assertThat(ProtocolJson.parsePlateauEvent(json)).isEqualTo(event);
    }

    @Test
    void writesAndRoundTripsALeavingWithoutArmOrSlopeAsNulls() {
        PlateauEvent event = new PlateauEvent("e1", "r1", null, 11, false, null, null, 5, TIME);
        String json = ProtocolJson.write(event);

        assertThat(json).isEqualTo("{\"schema\":1,\"experiment\":\"e1\",\"run_id\":\"r1\",\"arm\":null,\"epoch\":11,"
                + "\"plateau\":false,\"slope\":null,\"p_value\":null,\"window\":5,\"time\":\"2025-02-06T12:00:00Z\"}");
        assertThat(ProtocolJson.parsePlateauEvent(ProtocolJson.writeBytes(event))).isEqualTo(event);
    }

    @Test
    void anEventWithoutItsStateOrTimeIsRefusedNamingEveryProblem() {
        assertThatThrownBy(() -> ProtocolJson.parsePlateauEvent("{\"schema\":1,\"experiment\":\"e1\",\"run_id\":\"r1\","
                + "\"epoch\":8,\"plateau\":\"yes\",\"window\":0}"))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("plateau must be true or false: \"yes\"; window must be at least 1: 0; time is required");
    }
}
