package dev.firstpass.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FptStatsJsonTest {

    private static final Instant TIME = Instant.parse("2024-05-01T12:00:00Z");

    private static FptStats stats(String arm, int runs, int censored) {
        return new FptStats("cifar", arm, "test_acc", 0.9, FptStats.MAX, runs, censored, List.of(1.0, 0.75, 0.5),
                2, 0.25, Double.POSITIVE_INFINITY, true, true, null, 3, 4,
                List.of(new FptStats.Prediction(5, 12.5, 10.0, 15.0, true),
                        new FptStats.Prediction(2, null, null, null, false)),
                5, 4, 7, true, "tau*=5 beats no perturbation", TIME);
    }

    @Test
    void writesExactJsonWithNullsAndInfiniteMfptAsString() {
        assertThat(ProtocolJson.write(stats("tau-5", 8, 2))).isEqualTo("{\"schema\":1,\"experiment\":\"cifar\","
                + "\"arm\":\"tau-5\",\"metric\":\"test_acc\",\"target\":0.9,\"direction\":\"max\",\"runs\":8,"
                + "\"censored\":2,\"survival\":[1.0,0.75,0.5],\"t_qss\":2,\"hazard\":0.25,\"mfpt\":\"Infinity\","
                + "\"mfpt_extrapolated\":true,\"mfpt_is_lower_bound\":true,\"cv\":null,\"t_rel\":3,\"tau_min\":4,"
                + "\"predictions\":[{\"tau\":5,\"mfpt\":12.5,\"low\":10.0,\"high\":15.0,\"valid\":true},"
                + "{\"tau\":2,\"mfpt\":null,\"low\":null,\"high\":null,\"valid\":false}],\"tau_star\":5,"
                + "\"tau_star_low\":4,\"tau_star_high\":7,\"recommend\":true,"
                + "\"reason\":\"tau*=5 beats no perturbation\",\"time\":\"2024-05-01T12:00:00Z\"}");
    }

    @Test
    void roundTrips() {
        assertThat(ProtocolJson.parseFptStats(ProtocolJson.writeBytes(stats("tau-5", 8, 2))))
                .isEqualTo(stats("tau-5", 8, 2));
    }

    @Test
    void rejectsMoreCensoredRunsThanRuns() {
        assertThatThrownBy(() -> stats("tau-5", 3, 5))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("censored must not exceed runs (3): 5");
    }

    @Test
    void rejectsBlankArmAndNegativeCensoredTogether() {
        assertThatThrownBy(() -> stats("", 3, -1))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("arm must not be blank: \"\"; censored must be at least 0: -1");
    }

    @Test
    void rejectsSurvivalValueThatIsNotANumber() {
        String json = ProtocolJson.write(stats("tau-5", 8, 2)).replace("[1.0,0.75,0.5]", "[1.0,\"high\"]");

        assertThatThrownBy(() -> ProtocolJson.parseFptStats(json)).hasMessage("survival[1] must be a number: \"high\"");
    }

    @Test
    void rejectsPredictionWithoutTau() {
        String json = ProtocolJson.write(stats("tau-5", 8, 2)).replace("{\"tau\":2,", "{");

        assertThatThrownBy(() -> ProtocolJson.parseFptStats(json)).hasMessage("predictions[1].tau is required");
    }
}
