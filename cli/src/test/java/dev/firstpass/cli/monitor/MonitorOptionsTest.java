package dev.firstpass.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.cli.options.OptionProblems;
import dev.firstpass.monitor.MonitorConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MonitorOptionsTest {

    private static MonitorOptions options(String format, List<String> inputOptions, String stallTimeout) {
        return new MonitorOptions("broker:9092", "mon", "/var/lib/fp", "accuracy", "max", List.of("0.8", "0.85"),
                "shrink_perturb", stallTimeout, "5s", "200", "10", "0.05", "8", "0", "127.0.0.1",
                "team.training.metrics", format, inputOptions, List.of("num.stream.threads=2"));
    }

    @Test
    void theJsonExampleOfTheAdapterDocsBecomesItsSettingsInOrderAndValidates() {
        OptionProblems problems = new OptionProblems();
        Map<String, String> settings = options("json", List.of("run_id=job.id", "experiment=job.sweep",
                "epoch=step", "time=logged_at", "metrics.train_loss=train.loss", "metrics.*=eval"), "10m")
                .settings(problems);

        assertThat(problems.isEmpty()).isTrue();
        List<String> inputKeys = new ArrayList<>(settings.keySet().stream().filter(k -> k.startsWith("input.")).toList());
        assertThat(inputKeys).containsExactly("input.topic", "input.format", "input.json.run_id",
                "input.json.experiment", "input.json.epoch", "input.json.time", "input.json.metrics.train_loss",
                "input.json.metrics.*");
        assertThat(settings).containsEntry("stall.timeout.ms", "600000").containsEntry("statistics.interval.ms", "5000")
                .containsEntry("targets", "0.8,0.85").containsEntry("streams.num.stream.threads", "2");
        MonitorConfig config = new MonitorConfig(settings).validate();
        assertThat(config.inputFormat()).isEqualTo("json");
        assertThat(config.topics().epochs()).isEqualTo("team.training.metrics");
        assertThat(config.stallTimeout()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void durationsNeedAUnitAndMustBeLongerThanZero() {
        assertThat(DurationText.parse("500ms")).contains(Duration.ofMillis(500));
        assertThat(DurationText.parse("30s")).contains(Duration.ofSeconds(30));
        assertThat(DurationText.parse(" 10m ")).contains(Duration.ofMinutes(10));
        assertThat(DurationText.parse("2h")).contains(Duration.ofHours(2));
        assertThat(DurationText.parse("10")).isEmpty();
        assertThat(DurationText.parse("1.5m")).isEmpty();
        assertThat(DurationText.parse("PT10M")).isEmpty();

        OptionProblems problems = new OptionProblems();
        options("native", List.of(), "0s").settings(problems);
        assertThat(problems.asList()).containsExactly("--stall-timeout must be longer than 0: '0s'");
    }

    @Test
    void problemsOfTheMonitorsSettingsAreToldInOptionNames() {
        assertThat(MonitorOptions.inOptionTerms("qss.min.runs must be at least 3: 2"))
                .isEqualTo("--min-runs must be at least 3: 2");
        assertThat(MonitorOptions.inOptionTerms("targets is required: one or more numbers, comma separated"))
                .isEqualTo("--target is required: one or more numbers, comma separated");
        // Adapter options keep the setting names docs/adapters.md explains.
        assertThat(MonitorOptions.inOptionTerms("input.json.epoch must be a JSON path (names separated by '.',"
                + " each optionally followed by [index]): \"step[x]\"")).startsWith("input.json.epoch must be");
    }
}
