package dev.firstpass.monitor.adapter;

import static dev.firstpass.monitor.adapter.Records.RECORD_TIME;
import static dev.firstpass.monitor.adapter.Records.adapt;
import static dev.firstpass.monitor.adapter.Records.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.firstpass.core.protocol.ProtocolJson;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FromConfigTest {

    private static final Instant NOON = Instant.parse("2024-05-01T12:00:00Z");

    private static Map<String, String> settings(String... keysAndValues) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            settings.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return settings;
    }

    private static List<String> problems(Map<String, String> settings) {
        InvalidSettingsException e = catchThrowableOfType(InvalidSettingsException.class,
                () -> EpochEventAdapters.fromConfig(settings));
        assertThat(e).as("settings were accepted").isNotNull();
        assertThat(e.getMessage()).isEqualTo(String.join("; ", e.problems()));
        return e.problems();
    }

    @Test
    void readsFirstPassJsonWhenNoFormatIsGivenAndIgnoresOtherSettings() {
        EpochEventAdapter adapter = EpochEventAdapters.fromConfig(settings(
                "input.topic", "training.metrics.epoch", "bootstrap.servers", "localhost:9092"));
        var event = event("e", "r", null, 1, NOON, "loss", 0.5);

        assertThat(adapter).isSameAs(EpochEventAdapters.nativeJson());
        assertThat(adapt(adapter, "r", ProtocolJson.write(event))).containsExactly(event);
    }

    @Test
    void configuresAJsonMappingFromEverySetting() {
        EpochEventAdapter adapter = EpochEventAdapters.fromConfig(settings(
                "input.format", "json",
                "input.json.run_id", "job.id",
                "input.json.experiment", "const:cifar",
                "input.json.arm", "cfg.arm",
                "input.json.epoch", "step",
                "input.json.time", "ts",
                "input.json.metrics.loss", "train.loss",
                "input.json.metrics.*", "eval"));

        String json = "{\"job\":{\"id\":\"run-7\"},\"cfg\":{\"arm\":\"tau-5\"},\"step\":12,\"ts\":1714564800000,"
                + "\"train\":{\"loss\":0.25},\"eval\":{\"acc\":0.8,\"top5\":0.95}}";

        assertThat(adapt(adapter, null, json)).containsExactly(
                event("cifar", "run-7", "tau-5", 12, NOON, "loss", 0.25, "acc", 0.8, "top5", 0.95));
    }

    @Test
    void configuresLineProtocolFromEverySetting() {
        EpochEventAdapter adapter = EpochEventAdapters.fromConfig(settings(
                "input.format", "line-protocol",
                "input.line-protocol.measurements", "train, eval",
                "input.line-protocol.run_id", "key",
                "input.line-protocol.experiment", "job",
                "input.line-protocol.arm", "tag:arm",
                "input.line-protocol.epoch", "step",
                "input.line-protocol.metrics", "loss,acc",
                "input.line-protocol.precision", "ms"));

        String record = "train,job=cifar,arm=tau-5 step=3i,loss=0.5,lr=0.1 1714564800000\n"
                + "cpu,host=a idle=90\n"
                + "eval,job=cifar step=3i,acc=0.7,loss=0.6 1714564800000";

        assertThat(adapt(adapter, "run-1", record)).containsExactly(
                event("cifar", "run-1", "tau-5", 3, NOON, "loss", 0.5),
                event("cifar", "run-1", null, 3, NOON, "loss", 0.6, "acc", 0.7));
    }

    @Test
    void lineProtocolNeedsOnlyAnExperiment() {
        EpochEventAdapter adapter = EpochEventAdapters.fromConfig(settings(
                "input.format", "line-protocol", "input.line-protocol.experiment", "const:e"));

        assertThat(adapt(adapter, null, "m,run_id=r epoch=1i,loss=1,acc=2")).containsExactly(
                event("e", "r", null, 1, RECORD_TIME, "loss", 1, "acc", 2));
    }

    @Test
    void reportsEveryProblemOfAJsonConfigAtOnce() {
        assertThat(problems(settings(
                "input.format", "json",
                "input.json.run_id", "job..id",
                "input.json.arm", " ",
                "input.json.epoch", "step[x]",
                "input.json.epoc", "step",
                "input.line-protocol.precision", "ms",
                "input.topics", "a"))).containsExactly(
                "input.json.run_id must be key, const:VALUE, or a JSON path (names separated by '.', each optionally"
                        + " followed by [index]): \"job..id\"",
                "input.json.experiment is required: key, const:VALUE, or a JSON path (names separated by '.', each"
                        + " optionally followed by [index])",
                "input.json.arm must not be blank: \" \"",
                "input.json.epoch must be a JSON path (names separated by '.', each optionally followed by [index]):"
                        + " \"step[x]\"",
                "input.json needs at least one metric: input.json.metrics.NAME=PATH or input.json.metrics.*=PATH",
                "unknown setting input.json.epoc: input.format json takes run_id, experiment, arm, epoch, time,"
                        + " metrics.NAME, metrics.*, kick, end",
                "input.line-protocol.precision applies to input.format line-protocol, not json",
                "unknown setting input.topics: input settings are input.format, input.topic and"
                        + " input.<format>.<option>");
    }

    @Test
    void reportsEveryProblemOfALineProtocolConfigAtOnce() {
        assertThat(problems(settings(
                "input.format", "line-protocol",
                "input.line-protocol.measurements", "train,,eval",
                "input.line-protocol.experiment", "const:",
                "input.line-protocol.metrics", "loss,",
                "input.line-protocol.precision", "m",
                "input.json.metrics.loss", "loss"))).containsExactly(
                "input.line-protocol.measurements must be names separated by commas: \"train,,eval\"",
                "input.line-protocol.experiment must be key, const:VALUE, or a tag key (tag:KEY when the key is"
                        + " itself \"key\" or starts with \"const:\"): \"const:\"",
                "input.line-protocol.metrics must be names separated by commas: \"loss,\"",
                "input.line-protocol.precision must be one of ns, us, ms, s: \"m\"",
                "input.json.metrics.loss applies to input.format json, not line-protocol");
    }

    @Test
    void reportsAnUnknownFormatAndSettingsOutsideAnyFormat() {
        assertThat(problems(settings("input.format", "xml", "input.json.epoch", "x", "input.xml.root", "a")))
                .containsExactly(
                        "input.format must be one of native, json, line-protocol: \"xml\"",
                        "unknown setting input.xml.root: input settings are input.format, input.topic and"
                                + " input.<format>.<option>");
    }

    @Test
    void rejectsAnyOptionForFirstPassJson() {
        assertThat(problems(settings("input.format", "native", "input.native.strict", "true")))
                .containsExactly("unknown setting input.native.strict: input.format native takes no options");
    }

    @Test
    void rejectsAMetricSettingWithoutAName() {
        assertThat(problems(settings("input.format", "json", "input.json.experiment", "exp",
                "input.json.metrics.", "loss")))
                .containsExactly("input.json.metrics. needs a metric name after 'metrics.': \"input.json.metrics.\"");
    }

    @Test
    void namesTheSettingKeyOfAnOption() {
        assertThat(EpochEventAdapters.optionSetting("json", "run_id")).isEqualTo("input.json.run_id");
    }
}
