package dev.firstpass.core.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsReaderTest {

    private static SettingsReader reader(Map<String, String> values) {
        return new SettingsReader(values) { };
    }

    @Test
    void everyProblemIsNotedInKeyOrderNamingTheKeyAndValue() {
        SettingsReader in = reader(Map.of("b.count", "-2", "a.name", " ", "c.level", "x"));
        assertThat(in.whole("b.count", 5, 0)).isEqualTo(5);
        assertThat(in.text("a.name", "default")).isEqualTo("default");
        assertThat(in.requiredText("d.missing")).isNull();
        assertThat(in.parsed("c.level", 1.0, text -> {
            throw new IllegalArgumentException("must be a number: '" + text + "'");
        })).isEqualTo(1.0);
        assertThat(in.problems()).containsExactly("b.count must be at least 0: -2", "a.name must not be blank: ' '",
                "d.missing is required", "c.level must be a number: 'x'");
    }

    @Test
    void valuesAreTrimmedAndPrefixedKeysAreStripped() {
        SettingsReader in = reader(Map.of("kafka.acks", "all", "name", " run ", "count", " 7 "));
        assertThat(in.text("name", null)).isEqualTo("run");
        assertThat(in.whole("count", 0, 1)).isEqualTo(7);
        assertThat(in.prefixed("kafka.")).containsExactly(Map.entry("acks", "all"));
        assertThat(in.problems()).isEmpty();
    }

    @Test
    void aParserMessageThatNamesTheKeyIsNotPrefixedTwice() {
        SettingsReader in = reader(Map.of("direction", "up-ish"));
        in.parsed("direction", null, text -> {
            throw new IllegalArgumentException("direction must be 'max' or 'min': '" + text + "'");
        });
        assertThat(in.problems()).containsExactly("direction must be 'max' or 'min': 'up-ish'");
    }

    @Test
    void aSecretKeepsItsSpacesAndABlankOneIsAProblemThatDoesNotShowIt() {
        SettingsReader in = SettingsReader.of(Map.of("password", " two words ", "token", "   "));

        assertThat(in.optionalSecret("password")).isEqualTo(Secret.of(" two words "));
        assertThat(in.optionalSecret("token")).isNull();
        assertThat(in.optionalSecret("absent")).isNull();
        assertThat(in.problems()).containsExactly("token must not be blank");
        assertThat(Secret.of("hunter2")).hasToString("[hidden]");
    }
}
