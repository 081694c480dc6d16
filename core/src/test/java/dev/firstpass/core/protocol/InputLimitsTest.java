package dev.firstpass.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each limit of docs/limits.md, at and just past its bound, with the exact reason a breach gives. */
class InputLimitsTest {

    private static final String FIELDS = "\"schema\":1,\"experiment\":\"e\",\"epoch\":1,\"time\":\"2024-05-01T12:00:00Z\"";
    private static final Instant TIME = Instant.parse("2024-05-01T12:00:00Z");

    private static List<String> rejection(String json) {
        return catchThrowableOfType(InvalidRecordException.class, () -> ProtocolJson.parseEpochEvent(json))
                .violations();
    }

    private static String event(String runId, String metrics) {
        return "{" + FIELDS + ",\"run_id\":\"" + runId + "\",\"metrics\":" + metrics + "}";
    }

    private static String metrics(int count) {
        StringBuilder metrics = new StringBuilder("{");
        for (int i = 0; i < count; i++) {
            metrics.append(i == 0 ? "" : ",").append("\"m").append(i).append("\":0.5");
        }
        return metrics.append('}').toString();
    }

    @Test
    void anIdOfUpTo256CharactersIsReadAndALongerOneIsRejectedWithItsLength() {
        assertThat(ProtocolJson.parseEpochEvent(event("r".repeat(256), "{\"loss\":1}")).runId()).hasSize(256);
        assertThat(rejection(event("r".repeat(300), "{\"loss\":1}")))
                .containsExactly("run_id must be at most 256 characters: 300");
    }

    @Test
    void idsAreCountedInCharactersNotInUtf16Units() {
        String emoji = "\ud83d\ude00";
        assertThat(ProtocolJson.parseEpochEvent(event(emoji.repeat(256), "{\"loss\":1}")).runId())
                .isEqualTo(emoji.repeat(256));
        assertThat(rejection(event(emoji.repeat(257), "{\"loss\":1}")))
                .containsExactly("run_id must be at most 256 characters: 257");
    }

    @Test
    void everyIdOfEveryMessageIsHeldToTheLimitWhenBuiltInCode() {
        String longId = "x".repeat(257);
        assertThatThrownBy(() -> new RunFinished("e", longId, TIME, RunFinished.Reason.COMPLETED, 3))
                .hasMessage("run_id must be at most 256 characters: 257");
        assertThatThrownBy(() -> new RunStarted(longId, "r", longId, TIME, 1, 10, false, Map.of()))
                .hasMessage("experiment must be at most 256 characters: 257; arm must be at most 256 characters: 257");
        assertThatThrownBy(() -> new Command("c".repeat(8_193), "e", "r", PerturbationKind.FULL_RESET, Map.of(),
                Schedule.nextEpoch(), TIME)).hasMessage("command_id must be at most 8192 characters: 8193");
    }

    @Test
    void aThousandMetricsAreReadAndMoreAreRejectedWithoutAReasonPerMetric() {
        assertThat(ProtocolJson.parseEpochEvent(event("r", metrics(1_000))).metrics()).hasSize(1_000);
        assertThat(rejection(event("r", metrics(5_000))))
                .containsExactly("metrics must hold at most 1000 metrics: 5000");
    }

    @Test
    void aMetricNameOfUpTo128CharactersIsReadAndALongerOneIsRejected() {
        String name = "m".repeat(128);
        assertThat(ProtocolJson.parseEpochEvent(event("r", "{\"" + name + "\":1}")).metrics()).containsKey(name);
        assertThat(rejection(event("r", "{\"" + name + "x\":1}"))).containsExactly(
                "metrics names must be at most 128 characters: 129 in \"" + "m".repeat(79) + "...");
    }

    @Test
    void aRecordOfOneMebibyteIsReadAndALargerOneIsRejectedBeforeItIsParsed() {
        // Notes of up to 30,000 characters each, to stay under the longest string.
        StringBuilder json = new StringBuilder("{" + FIELDS + ",\"run_id\":\"r\",\"metrics\":{\"loss\":1},"
                + "\"hyperparams\":{");
        for (int i = 0; json.length() + 40_000 < InputLimits.MAX_RECORD_BYTES; i++) {
            json.append("\"n").append(i).append("\":\"").append("n".repeat(30_000)).append("\",");
        }
        String last = "\"last\":\"";
        String end = "\"}}";
        int padding = InputLimits.MAX_RECORD_BYTES - json.length() - last.length() - end.length();
        json.append(last).append("n".repeat(padding)).append(end);
        assertThat(json.length()).isEqualTo(InputLimits.MAX_RECORD_BYTES);
        assertThat(ProtocolJson.parseEpochEvent(json.toString().getBytes(StandardCharsets.UTF_8)).hyperparams())
                .isNotEmpty();

        byte[] larger = (json + " ").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ProtocolJson.parseEpochEvent(larger)).isInstanceOf(InvalidRecordException.class)
                .hasMessage("record must be at most 1048576 bytes: 1048577");
        assertThatThrownBy(() -> ProtocolJson.parseEpochEvent(json + " "))
                .hasMessage("record must be at most 1048576 bytes: 1048577");
    }

    @Test
    void aRecordGivenAsTextIsMeasuredInUtf8Bytes() {
        String threeBytesEach = "\u4e2d".repeat(InputLimits.MAX_RECORD_BYTES / 3 + 1);
        assertThatThrownBy(() -> ProtocolJson.parseEpochEvent(threeBytesEach))
                .hasMessage("record must be at most 1048576 bytes: " + (InputLimits.MAX_RECORD_BYTES / 3 + 1) * 3);
    }

    @Test
    void jsonNestedDeeperThan64IsRejectedNamingTheLimit() {
        String deep = "{\"schema\":1,\"hyperparams\":" + "[".repeat(64) + "]".repeat(64) + "}";
        assertThat(rejection(deep)).containsExactly(
                "JSON beyond a limit: Document nesting depth (65) exceeds the maximum allowed (64)");
        assertThat(rejection("[".repeat(100_000))).containsExactly(
                "JSON beyond a limit: Document nesting depth (65) exceeds the maximum allowed (64)");
    }

    @Test
    void aNumberOf100DigitsIsReadAndALongerOneIsRejectedNamingTheLimit() {
        assertThat(ProtocolJson.parseEpochEvent(event("r", "{\"loss\":1." + "1".repeat(99) + "}")).metrics())
                .containsKey("loss");
        assertThat(rejection(event("r", "{\"loss\":1." + "1".repeat(100) + "}"))).containsExactly(
                "JSON beyond a limit: Number value length (101) exceeds the maximum allowed (100)");
        assertThat(rejection(event("r", "{\"loss\":" + "9".repeat(101) + "}"))).containsExactly(
                "JSON beyond a limit: Number value length (101) exceeds the maximum allowed (100)");
    }

    @Test
    void aLongNumberIsRejectedWithItsExactLengthEveryTime() {
        // With a string bound below the record's, Jackson counted the digits against it as its buffer grew
        // and reported a length that changed from one read of the same record to the next.
        String json = event("r", "{\"loss\":" + "9".repeat(900_000) + "}");
        for (int read = 0; read < 3; read++) {
            assertThat(rejection(json)).containsExactly(
                    "JSON beyond a limit: Number value length (900000) exceeds the maximum allowed (100)");
            assertThat(catchThrowableOfType(InvalidRecordException.class,
                    () -> ProtocolJson.parseEpochEvent(json.getBytes(StandardCharsets.UTF_8))).violations())
                    .containsExactly("JSON beyond a limit: Number value length (900000) exceeds the maximum "
                            + "allowed (100)");
        }
    }

    @Test
    void onlyTheRecordLimitBoundsAStringValueOrAName() {
        String note = "n".repeat(1_000_000);
        String json = "{" + FIELDS + ",\"run_id\":\"r\",\"metrics\":{\"loss\":1},\"hyperparams\":{\"note\":\""
                + note + "\"}}";
        assertThat(ProtocolJson.parseEpochEvent(json).hyperparams()).containsEntry("note", note);
        assertThat(rejection(event("r", "{\"" + note + "\":1}"))).containsExactly(
                "metrics names must be at most 128 characters: 1000000 in \"" + "n".repeat(79) + "...");
    }

    @Test
    void aRejectionListsTwentyProblemsAndCountsTheRest() {
        StringBuilder metrics = new StringBuilder("{");
        for (int i = 0; i < 25; i++) {
            metrics.append(i == 0 ? "" : ",").append("\"m").append(i).append("\":\"high\"");
        }
        String json = event("r", metrics.append('}').toString());

        InvalidRecordException e = catchThrowableOfType(InvalidRecordException.class,
                () -> ProtocolJson.parseEpochEvent(json));

        assertThat(e.violations()).hasSize(25);
        assertThat(e.getMessage()).startsWith("metric 'm0' must be a number: \"high\"; ")
                .endsWith("metric 'm19' must be a number: \"high\"; and 5 more problems");
    }

    @Test
    void anIdWithALoneSurrogateIsRefusedBecauseItHasNoUtf8Form() {
        // As a Kafka key it would become "r?", the key of any other run with a lone surrogate there.
        assertThatThrownBy(() -> new EpochEvent("e", "r\ud800", null, 1, 0, TIME, Map.of("loss", 1.0), 0, Map.of()))
                .hasMessage("run_id must be well-formed Unicode text: a lone surrogate at character 2");
        assertThat(rejection(event("r\\ud800", "{\"loss\":1}")))
                .containsExactly("run_id must be well-formed Unicode text: a lone surrogate at character 2");
    }

    @Test
    void anIdWithAControlCharacterIsRefusedWithItsCodeAndPlace() {
        // A NUL or a newline in a tag is a producer's bug; taken as is, it would make a new run that prints
        // like another one.
        assertThatThrownBy(() -> new EpochEvent("e", "seed\u00003", null, 1, 0, TIME, Map.of("loss", 1.0), 0,
                Map.of())).hasMessage("run_id must not contain control characters: U+0000 at character 5");
        assertThat(rejection(event("seed-3\\n", "{\"loss\":1}")))
                .containsExactly("run_id must not contain control characters: U+000A at character 7");
        assertThatThrownBy(() -> new EpochEvent("exp\u001b[0m", "r", "arm\u007f", 1, 0, TIME, Map.of("loss", 1.0), 0,
                Map.of())).hasMessage("experiment must not contain control characters: U+001B at character 4; "
                        + "arm must not contain control characters: U+007F at character 4");
    }

    @Test
    void aMetricNameWithALoneSurrogateIsRefusedRatherThanWrittenAsJsonNoReaderAccepts() {
        assertThatThrownBy(() -> new EpochEvent("e", "r", null, 1, 0, TIME, Map.of("loss\udc00", 1.0), 0, Map.of()))
                .hasMessage("metrics names must be well-formed Unicode text: a lone surrogate at character 5 of "
                        + "\"loss\udc00\"");
    }
}
