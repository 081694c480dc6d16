package dev.firstpass.core.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        assertThat(in.messages()).containsExactly("b.count must be at least 0: '-2'", "a.name must not be blank: ' '",
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
        assertThat(in.messages()).containsExactly("direction must be 'max' or 'min': 'up-ish'");
    }

    @Test
    void aSecretKeepsItsSpacesAndABlankOneIsAProblemThatDoesNotShowIt() {
        SettingsReader in = SettingsReader.of(Map.of("password", " two words ", "token", "   "));

        assertThat(in.optionalSecret("password")).isEqualTo(Secret.of(" two words "));
        assertThat(in.optionalSecret("token")).isNull();
        assertThat(in.optionalSecret("absent")).isNull();
        assertThat(in.messages()).containsExactly("token must not be blank");
        assertThat(Secret.of("hunter2")).hasToString("[hidden]");
    }

    private static final Setting<Integer> RUNS = Setting.withDefault("min.runs", "N", Parsers.atLeast(1), "8",
            "Baseline runs needed to start probing");
    private static final Setting<Duration> TIMEOUT = Setting.withDefault("stall.timeout", "DURATION",
            Parsers.duration(false), "10m", "Silence after which a run counts as stalled");
    private static final Setting<String> METRIC = Setting.required("metric", "NAME", Parsers.text(), "The metric");

    @Test
    void aDeclaredSettingNamesItsOptionAndVariableAfterItsKey() {
        assertThat(RUNS.option()).isEqualTo("--min-runs");
        assertThat(RUNS.environment()).isEqualTo("FIRSTPASS_MIN_RUNS");
        assertThat(RUNS.withOption("--runs").withEnvironment("FIRSTPASS_RUNS"))
                .extracting(Setting::key, Setting::option, Setting::environment)
                .containsExactly("min.runs", "--runs", "FIRSTPASS_RUNS");
        assertThat(RUNS.defaultValue()).isEqualTo(8);
        assertThat(TIMEOUT.defaultValue()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void declaredSettingsAreReadWithTheirDefaultsAndTheirProblemsAreData() {
        SettingsReader in = SettingsReader.of(Map.of("min.runs", "0", "stall.timeout", "600000"));

        assertThat(in.get(RUNS)).isNull();
        assertThat(in.get(TIMEOUT)).isNull();
        assertThat(in.get(METRIC)).isNull();
        assertThat(in.problems()).containsExactly(
                Problem.of("min.runs", "0", "must be at least 1"),
                Problem.of("stall.timeout", "600000", Parsers.DURATION_RULE),
                Problem.of("metric", null, "is required"));
        assertThat(in.problems().get(0).message("--min-runs")).isEqualTo("--min-runs must be at least 1: '0'");

        SettingsReader defaults = SettingsReader.of(Map.of("metric", "test_acc", "stall.timeout", " 90s "));
        assertThat(defaults.get(RUNS)).isEqualTo(8);
        assertThat(defaults.get(TIMEOUT)).isEqualTo(Duration.ofSeconds(90));
        assertThat(defaults.get(METRIC)).isEqualTo("test_acc");
        assertThat(defaults.problems()).isEmpty();
    }

    @Test
    void durationsNeedAUnit() {
        ValueParser<Duration> duration = Parsers.duration(false);
        assertThat(duration.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(duration.parse(" 10m ")).isEqualTo(Duration.ofMinutes(10));
        assertThat(duration.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Parsers.duration(true).parse("0s")).isEqualTo(Duration.ZERO);
        for (String bad : List.of("10", "1.5m", "PT10M", "0s")) {
            assertThatThrownBy(() -> duration.parse(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void unknownKeysAreProblemsUnlessDeclaredOrPrefixed() {
        SettingsReader in = SettingsReader.of(Map.of("min.runs", "3", "kafka.acks", "all", "min.run", "3"));

        in.rejectUnknown(List.of(RUNS, TIMEOUT), Set.of("extra"), ", and kafka.<name>", "kafka.");

        assertThat(in.messages()).containsExactly(
                "unknown configuration key 'min.run' (known: extra, min.runs, stall.timeout, and kafka.<name>)");
    }
}
