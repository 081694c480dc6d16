package dev.firstpass.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every message shown in docs/protocol.md parses, and writes back exactly as shown. */
class ProtocolDocsExamplesTest {

    private static final Path DOC = Path.of("..", "docs", "protocol.md");
    private static final Pattern EXAMPLE = Pattern.compile(
            "<!-- example: ([a-z-]+) -->\\n```json\\n(.*?)\\n```", Pattern.DOTALL);
    private static final Map<String, String> blocks = new LinkedHashMap<>();

    @BeforeAll
    static void readDoc() throws IOException {
        Matcher matcher = EXAMPLE.matcher(Files.readString(DOC, StandardCharsets.UTF_8));
        while (matcher.find()) {
            blocks.put(matcher.group(1), matcher.group(2));
        }
    }

    @Test
    void theEpochEventShownIsOneAsWritten() {
        String json = blocks.get("epoch-event");
        assertThat(ProtocolJson.write(ProtocolJson.parseEpochEvent(json))).isEqualTo(json);
    }

    @Test
    void theAcksShownAreAcksAsWritten() {
        for (String name : new String[] {"ack-applied", "ack-refused"}) {
            String json = blocks.get(name);
            assertThat(ProtocolJson.write(ProtocolJson.parseAck(json))).as(name).isEqualTo(json);
        }
        assertThat(ProtocolJson.parseAck(blocks.get("ack-applied")).status()).isEqualTo(Ack.Status.APPLIED);
    }

    @Test
    void theLifecycleMessagesShownAreThemAsWritten() {
        assertThat(ProtocolJson.parseRunLifecycle(blocks.get("run-started"))).isInstanceOf(RunStarted.class);
        assertThat(ProtocolJson.parseRunLifecycle(blocks.get("run-finished"))).isInstanceOf(RunFinished.class);
        for (String name : new String[] {"run-started", "run-finished"}) {
            String json = blocks.get(name);
            assertThat(ProtocolJson.write(ProtocolJson.parseRunLifecycle(json))).as(name).isEqualTo(json);
        }
    }
}
