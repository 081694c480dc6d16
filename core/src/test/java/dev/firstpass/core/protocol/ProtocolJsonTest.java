package dev.firstpass.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProtocolJsonTest {

    private static final String EVENT = "{\"schema\":1,\"experiment\":\"e\",\"run_id\":\"r\",\"epoch\":1,"
            + "\"time\":\"2024-05-01T12:00:00Z\",\"metrics\":{\"loss\":0.5}}";

    private static String rejection(String json) {
        try {
            ProtocolJson.parseEpochEvent(json);
        } catch (InvalidRecordException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void rejectsUnknownSchemaVersionAloneWithoutJudgingTheRest() {
        assertThat(rejection("{\"schema\":7,\"epoch\":0}")).isEqualTo("unsupported schema version 7 (supported: 1)");
    }

    @Test
    void rejectsMissingSchema() {
        assertThat(rejection(EVENT.replace("\"schema\":1,", ""))).isEqualTo("schema is required");
    }

    @Test
    void rejectsSchemaWrittenAsString() {
        assertThat(rejection(EVENT.replace("\"schema\":1", "\"schema\":\"1\"")))
                .isEqualTo("schema must be an integer: \"1\"");
    }

    @Test
    void rejectsMalformedJsonNamingLineAndColumn() {
        assertThat(rejection("{\"schema\":1,}")).isEqualTo("malformed JSON at line 1 column 13: "
                + "Unexpected character ('}' (code 125)): was expecting double-quote to start field name");
    }

    @Test
    void rejectsDuplicateKeysAsMalformed() {
        assertThat(rejection("{\"schema\":1,\"schema\":1}"))
                .isEqualTo("malformed JSON at line 1 column 21: Duplicate field 'schema'");
    }

    @Test
    void rejectsTrailingContentAsMalformed() {
        assertThat(rejection(EVENT + " {}")).startsWith("malformed JSON at line 1 column ");
    }

    @Test
    void rejectsEmptyInput() {
        assertThat(rejection("")).isEqualTo("malformed JSON: no content");
        assertThat(rejection(null)).isEqualTo("malformed JSON: no content");
    }

    @Test
    void rejectsJsonThatIsNotAnObject() {
        assertThat(rejection("[1,2]")).isEqualTo("a message must be a JSON object: [1,2]");
    }

    @Test
    void rejectsBytesThatAreNotUtf8AsMalformedWithoutLeakingJacksonExceptions() {
        byte[] bytes = EVENT.replace("\"e\"", "\"\u00e9\"").getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> ProtocolJson.parseEpochEvent(bytes))
                .isExactlyInstanceOf(InvalidRecordException.class)
                .hasMessageStartingWith("malformed JSON at line 1 column ")
                .hasNoCause();
    }

    @Test
    void cutsLongOffendingValuesShort() {
        String json = EVENT.replace("0.5", "\"" + "x".repeat(200) + "\"");

        assertThat(rejection(json)).isEqualTo("metric 'loss' must be a number: \"" + "x".repeat(79) + "...");
    }

    @Test
    void refusesToParseTypesThatAreNotMessages() {
        assertThatThrownBy(() -> ProtocolJson.parse(EVENT, WireMessage.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a message type that can be parsed: dev.firstpass.core.protocol.WireMessage");
    }

    @Test
    void supportsOnlyTheCurrentSchemaVersion() {
        assertThat(SchemaVersion.CURRENT).isEqualTo(1);
        assertThat(SchemaVersion.isSupported(1)).isTrue();
        assertThat(SchemaVersion.isSupported(2)).isFalse();
    }

    @Test
    void namesEveryDefaultTopic() {
        assertThat(Topics.all()).containsExactly("training.metrics.epoch", "training.metrics.epoch.dlq",
                "training.runs.lifecycle", "training.control.commands", "training.control.acks",
                "training.control.decisions", "training.monitor.fpt_stats", "training.monitor.plateau");
    }
}
