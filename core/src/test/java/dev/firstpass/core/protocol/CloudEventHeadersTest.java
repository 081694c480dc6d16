package dev.firstpass.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudEventHeadersTest {

    private static final Command COMMAND = new Command("cmd-1", "cifar", "run-7", PerturbationKind.PARTIAL_RESET,
            Map.of("fraction", 0.2), Schedule.nextEpoch(), Instant.parse("2024-05-01T12:00:00Z"));

    @Test
    void buildsExactHeadersForACommand() {
        assertThat(CloudEventHeaders.forCommand(COMMAND, "/firstpass/controller")).containsExactly(
                Map.entry("ce_id", "cmd-1"),
                Map.entry("ce_specversion", "1.0"),
                Map.entry("ce_type", "dev.firstpass.control.command"),
                Map.entry("ce_source", "/firstpass/controller"),
                Map.entry("ce_subject", "run-7"),
                Map.entry("ce_time", "2024-05-01T12:00:00Z"),
                Map.entry("content-type", "application/json"));
    }

    @Test
    void acceptsHeadersItBuilt() {
        Map<String, String> headers = CloudEventHeaders.forCommand(COMMAND, "/firstpass/controller");

        assertThat(CloudEventHeaders.violations(headers, COMMAND)).isEmpty();
    }

    @Test
    void reportsEveryMismatchBetweenHeadersAndBody() {
        Map<String, String> headers = new LinkedHashMap<>(CloudEventHeaders.forCommand(COMMAND, "/controller"));
        headers.put("ce_id", "cmd-2");
        headers.put("ce_subject", "run-8");
        headers.put("ce_specversion", "0.3");
        headers.put("ce_time", "2024-05-01T12:00:01Z");
        headers.put("content-type", "text/plain");
        headers.remove("ce_source");

        assertThat(CloudEventHeaders.violations(headers, COMMAND)).containsExactly(
                "ce_id must equal command_id \"cmd-1\": \"cmd-2\"",
                "ce_specversion must be 1.0: \"0.3\"",
                "ce_subject must equal run_id \"run-7\": \"run-8\"",
                "ce_source header is required",
                "ce_time must equal issued_at 2024-05-01T12:00:00Z: \"2024-05-01T12:00:01Z\"",
                "content-type must be application/json: \"text/plain\"");
    }

    @Test
    void acceptsEquivalentTimeAndContentTypeWithCharset() {
        Map<String, String> headers = new LinkedHashMap<>(CloudEventHeaders.forCommand(COMMAND, "/controller"));
        headers.put("ce_time", "2024-05-01T14:00:00+02:00");
        headers.put("content-type", "application/json; charset=utf-8");

        assertThat(CloudEventHeaders.violations(headers, COMMAND)).isEmpty();
    }

    @Test
    void refusesBlankSource() {
        assertThatThrownBy(() -> CloudEventHeaders.forCommand(COMMAND, " "))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("ce_source must not be blank: \" \"");
    }
}
