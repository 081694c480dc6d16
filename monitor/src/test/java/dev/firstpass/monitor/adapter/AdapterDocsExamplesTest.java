package dev.firstpass.monitor.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.ProtocolJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The worked examples of docs/adapters.md give exactly the events shown there. */
class AdapterDocsExamplesTest {

    private static final Path DOC = Path.of("..", "docs", "adapters.md");
    private static final Pattern EXAMPLE = Pattern.compile(
            "<!-- example: ([a-z-]+) -->\\n```[a-z]*\\n(.*?)\\n```", Pattern.DOTALL);

    private static final Map<String, String> blocks = new LinkedHashMap<>();

    @BeforeAll
    static void readDoc() throws IOException {
        Matcher matcher = EXAMPLE.matcher(Files.readString(DOC, StandardCharsets.UTF_8));
        while (matcher.find()) {
            blocks.put(matcher.group(1), matcher.group(2));
        }
    }

    @Test
    void nativeExampleBecomesTheEventShown() {
        assertExample("native");
    }

    @Test
    void jsonExampleBecomesTheEventShown() {
        assertExample("json");
    }

    @Test
    void lineProtocolExampleBecomesTheEventsShown() {
        assertExample("line-protocol");
    }

    @Test
    void commandsShownAreTheSettingsShown() {
        for (String format : List.of("json", "line-protocol")) {
            assertThat(List.copyOf(settingsOfCommand(block(format + "-command")).entrySet()))
                    .as(format)
                    .isEqualTo(List.copyOf(settings(block(format + "-settings")).entrySet()));
        }
    }

    private static void assertExample(String format) {
        EpochEventAdapter adapter = EpochEventAdapters.fromConfig(settings(block(format + "-settings")));
        List<EpochEvent> expected = new ArrayList<>();
        block(format + "-events").lines().forEach(line -> expected.add(ProtocolJson.parseEpochEvent(line)));

        List<EpochEvent> events = adapter.adapt(null, Records.utf8(block(format + "-record")), Records.RECORD_TIME);

        assertThat(events).isEqualTo(expected);
    }

    private static String block(String name) {
        assertThat(blocks).as("example blocks in " + DOC).containsKey(name);
        return blocks.get(name);
    }

    private static Map<String, String> settings(String properties) {
        Map<String, String> settings = new LinkedHashMap<>();
        properties.lines().filter(line -> !line.isBlank()).forEach(line -> {
            int equals = line.indexOf('=');
            settings.put(line.substring(0, equals), line.substring(equals + 1));
        });
        return settings;
    }

    // Reads the flags the way the monitor's command line is documented to: each option becomes the
    // setting input.<format>.<name>.
    private static Map<String, String> settingsOfCommand(String command) {
        String[] words = command.replace("\\\n", " ").replace("'", "").trim().split("\\s+");
        Map<String, String> settings = new LinkedHashMap<>();
        String format = null;
        for (int i = 0; i < words.length; i++) {
            if (words[i].equals("--input-format")) {
                format = words[++i];
                settings.put(EpochEventAdapters.FORMAT_SETTING, format);
            } else if (words[i].equals("--input-option")) {
                String option = words[++i];
                int equals = option.indexOf('=');
                settings.put(EpochEventAdapters.optionSetting(format, option.substring(0, equals)),
                        option.substring(equals + 1));
            }
        }
        return settings;
    }
}
