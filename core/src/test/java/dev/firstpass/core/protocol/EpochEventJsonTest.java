package dev.firstpass.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class EpochEventJsonTest {

    private static final Instant TIME = Instant.parse("2024-05-01T12:00:00Z");

    private static final String JSON = "{\"schema\":1,\"experiment\":\"cifar-shrink\",\"run_id\":\"run-7\","
            + "\"arm\":\"tau-5\",\"epoch\":12,\"segment\":1,\"time\":\"2024-05-01T12:00:00Z\","
            + "\"metrics\":{\"test_acc\":0.8125,\"loss\":\"NaN\"},\"perturbations_applied\":2,"
            + "\"hyperparams\":{\"lr\":\"0.1\"}}";

    private static EpochEvent event() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("test_acc", 0.8125);
        metrics.put("loss", Double.NaN);
        return new EpochEvent("cifar-shrink", "run-7", "tau-5", 12, 1, TIME, metrics, 2, Map.of("lr", "0.1"));
    }

    private static String withMetrics(String metrics) {
        return "{\"schema\":1,\"experiment\":\"e\",\"run_id\":\"r\",\"epoch\":1,"
                + "\"time\":\"2024-05-01T12:00:00Z\",\"metrics\":" + metrics + "}";
    }

    private static InvalidRecordException rejection(String json) {
        try {
            ProtocolJson.parseEpochEvent(json);
        } catch (InvalidRecordException e) {
            return e;
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void writesExactJsonWithNanMetricAsString() {
        assertThat(ProtocolJson.write(event())).isEqualTo(JSON);
    }

    @Test
    void readsNanMetricBackKeptAndFlagged() {
        EpochEvent read = ProtocolJson.parseEpochEvent(JSON);

        assertThat(read).isEqualTo(event());
        assertThat(read.metrics()).containsOnlyKeys("test_acc", "loss");
        assertThat(read.metric("loss").getAsDouble()).isNaN();
        assertThat(read.nonFiniteMetrics()).containsExactly("loss");
    }

    @Test
    void readsInfinitiesWrittenAsStringsAndFlagsThem() {
        EpochEvent read = ProtocolJson.parseEpochEvent(withMetrics("{\"a\":\"Infinity\",\"b\":\"-Infinity\",\"c\":1}"));

        assertThat(read.metrics()).containsExactly(Map.entry("a", Double.POSITIVE_INFINITY),
                Map.entry("b", Double.NEGATIVE_INFINITY), Map.entry("c", 1.0));
        assertThat(read.nonFiniteMetrics()).containsExactly("a", "b");
    }

    @Test
    void roundTripsThroughBytes() {
        assertThat(ProtocolJson.parseEpochEvent(ProtocolJson.writeBytes(event()))).isEqualTo(event());
    }

    @Test
    void keepsMetricsInReportedOrder() {
        EpochEvent read = ProtocolJson.parseEpochEvent(withMetrics("{\"z\":1,\"a\":2,\"m\":3}"));

        assertThat(read.metrics().keySet()).containsExactly("z", "a", "m");
    }

    @Test
    void fillsDefaultsForAbsentOptionalFields() {
        EpochEvent read = ProtocolJson.parseEpochEvent(withMetrics("{\"loss\":0.5}"));

        assertThat(read.arm()).isNull();
        assertThat(read.segment()).isZero();
        assertThat(read.perturbationsApplied()).isZero();
        assertThat(read.hyperparams()).isEmpty();
        assertThat(read.metric("accuracy")).isEqualTo(OptionalDouble.empty());
    }

    @Test
    void ignoresUnknownFieldsForForwardCompatibility() {
        String json = JSON.replace("\"epoch\":12,", "\"epoch\":12,\"gpu\":{\"util\":0.9},");

        assertThat(ProtocolJson.parseEpochEvent(json)).isEqualTo(event());
    }

    @Test
    void takesNumericHyperparamsAsText() {
        String json = JSON.replace("{\"lr\":\"0.1\"}", "{\"lr\":0.1,\"nesterov\":true}");

        assertThat(ProtocolJson.parseEpochEvent(json).hyperparams())
                .containsExactly(Map.entry("lr", "0.1"), Map.entry("nesterov", "true"));
    }

    @Test
    void isImmutableAndIndependentOfTheMapsItWasBuiltFrom() {
        Map<String, Double> metrics = new LinkedHashMap<>(Map.of("loss", 1.0));
        EpochEvent event = new EpochEvent("e", "r", null, 1, 0, TIME, metrics, 0, null);
        metrics.put("acc", 0.5);

        assertThat(event.metrics()).containsOnlyKeys("loss");
        assertThatThrownBy(() -> event.metrics().put("x", 1.0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> event.hyperparams().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsMissingRunId() {
        assertThat(rejection(JSON.replace("\"run_id\":\"run-7\",", "")).getMessage()).isEqualTo("run_id is required");
    }

    @Test
    void rejectsBlankExperiment() {
        assertThat(rejection(JSON.replace("\"cifar-shrink\"", "\"  \"")).getMessage())
                .isEqualTo("experiment must not be blank: \"  \"");
    }

    @Test
    void rejectsEpochZero() {
        assertThat(rejection(JSON.replace("\"epoch\":12", "\"epoch\":0")).getMessage())
                .isEqualTo("epoch must be at least 1: 0");
    }

    @Test
    void rejectsFractionalEpoch() {
        assertThat(rejection(JSON.replace("\"epoch\":12", "\"epoch\":1.5")).getMessage())
                .isEqualTo("epoch must be an integer: 1.5");
    }

    @Test
    void rejectsNonNumericMetric() {
        assertThat(rejection(withMetrics("{\"test_acc\":\"abc\"}")).getMessage())
                .isEqualTo("metric 'test_acc' must be a number: \"abc\"");
    }

    @Test
    void rejectsBooleanMetric() {
        assertThat(rejection(withMetrics("{\"loss\":true}")).getMessage())
                .isEqualTo("metric 'loss' must be a number: true");
    }

    @Test
    void rejectsNullMetric() {
        assertThat(rejection(withMetrics("{\"loss\":null}")).getMessage())
                .isEqualTo("metric 'loss' must be a number: null");
    }

    @Test
    void rejectsObjectMetric() {
        assertThat(rejection(withMetrics("{\"loss\":{\"train\":1}}")).getMessage())
                .isEqualTo("metric 'loss' must be a number: {\"train\":1}");
    }

    @Test
    void rejectsLowerCaseNanBecauseOnlyTheThreeExactSpellingsAreNonFinite() {
        assertThat(rejection(withMetrics("{\"loss\":\"nan\"}")).getMessage())
                .isEqualTo("metric 'loss' must be a number: \"nan\"");
    }

    @Test
    void rejectsEmptyMetrics() {
        assertThat(rejection(withMetrics("{}")).getMessage()).isEqualTo("metrics must not be empty");
    }

    @Test
    void rejectsTimeThatIsNotAnInstant() {
        assertThat(rejection(JSON.replace("\"2024-05-01T12:00:00Z\"", "\"yesterday\"")).getMessage())
                .isEqualTo("time must be an ISO-8601 instant such as \"2024-05-01T12:00:00Z\": \"yesterday\"");
    }

    @Test
    void reportsSeveralViolationsTogether() {
        String json = "{\"schema\":1,\"experiment\":\" \",\"epoch\":0,\"segment\":-1,"
                + "\"metrics\":{\"loss\":true,\"acc\":0.5}}";

        InvalidRecordException e = rejection(json);

        assertThat(e.violations()).containsExactly(
                "metric 'loss' must be a number: true",
                "experiment must not be blank: \" \"",
                "run_id is required",
                "epoch must be at least 1: 0",
                "segment must be at least 0: -1",
                "time is required");
        assertThat(e.getMessage()).isEqualTo(String.join("; ", e.violations()));
    }

    @Test
    void constructionInCodeAppliesTheSameRules() {
        assertThatThrownBy(() -> new EpochEvent("e", "r", null, 0, 0, TIME, Map.of("loss", 1.0), -1, null))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("epoch must be at least 1: 0; perturbations_applied must be at least 0: -1");
    }

    @Test
    void constructionInCodeRejectsNullMetricValue() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("loss", null);

        assertThatThrownBy(() -> new EpochEvent("e", "r", null, 1, 0, TIME, metrics, 0, null))
                .isInstanceOf(InvalidRecordException.class)
                .extracting(e -> ((InvalidRecordException) e).violations())
                .isEqualTo(List.of("metric 'loss' must be a number: null"));
    }
}
