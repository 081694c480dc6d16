package dev.firstpass.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firstpass.core.fpt.qss.QssSettings;
import dev.firstpass.core.fpt.trajectory.Direction;
import dev.firstpass.core.fpt.trajectory.Target;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.PerturbationKind;
import dev.firstpass.core.settings.Problem;
import dev.firstpass.monitor.adapter.EpochEventAdapters;
import dev.firstpass.monitor.deadletter.LogAndContinueProductionHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.junit.jupiter.api.Test;

class MonitorConfigTest {

    private static Map<String, String> minimal() {
        Map<String, String> values = new HashMap<>();
        values.put("bootstrap.servers", "broker:9092");
        values.put("metric", "test_acc");
        values.put("targets", "0.8, 0.85");
        return values;
    }

    @Test
    void fillsStatedDefaults() {
        MonitorConfig config = new MonitorConfig(minimal()).validate();

        assertThat(config.applicationId()).isEqualTo("firstpass-monitor");
        assertThat(config.stateDir()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "kafka-streams"));
        assertThat(config.topics()).isEqualTo(new MonitorTopics("training.metrics.epoch", "training.control.acks",
                "training.runs.lifecycle", "training.metrics.epoch.dlq", "training.monitor.fpt_stats",
                "training.monitor.plateau"));
        assertThat(config.direction()).isEqualTo(Direction.MAX);
        assertThat(config.targets()).containsExactly(Target.atLeast(0.8), Target.atLeast(0.85));
        assertThat(config.perturbation()).isEqualTo(PerturbationKind.SHRINK_PERTURB);
        assertThat(config.stallTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.statisticsInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.snapshotInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.bootstrapResamples()).isEqualTo(200);
        assertThat(config.qss()).isEqualTo(QssSettings.defaults());
        assertThat(config.httpPort()).isZero();
        assertThat(config.httpHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void snapshotsAreGatheredNoLongerThanTheStatisticsIntervalUnlessSaidOtherwise() {
        Map<String, String> values = minimal();
        values.put(MonitorConfig.STATISTICS_INTERVAL.key(), "100ms");
        assertThat(new MonitorConfig(values).validate().snapshotInterval()).isEqualTo(Duration.ofMillis(100));

        values.put(MonitorConfig.SNAPSHOT_INTERVAL.key(), "0ms");
        assertThat(new MonitorConfig(values).validate().snapshotInterval()).isZero();
    }

    @Test
    void readsEveryKey() {
        Map<String, String> values = minimal();
        values.put("application.id", "mon-2");
        values.put("state.dir", "/var/lib/firstpass");
        values.put("topic.epochs", "in.epochs");
        values.put("topic.acks", "in.acks");
        values.put("topic.lifecycle", "in.lifecycle");
        values.put("topic.dlq", "out.dlq");
        values.put("topic.fpt-stats", "out.stats");
        values.put("topic.plateau", "out.plateau");
        values.put("metric", "loss");
        values.put("direction", "min");
        values.put("targets", "0.3");
        values.put("perturbation", "partial_reset");
        values.put("stall.timeout", "1m");
        values.put("statistics.interval", "1s");
        values.put("bootstrap.resamples", "50");
        values.put("qss.alpha", "0.01");
        values.put("qss.window", "5");
        values.put("qss.min.runs", "4");
        values.put("http.port", "8080");
        values.put("http.host", "0.0.0.0");

        MonitorConfig config = new MonitorConfig(values).validate();

        assertThat(config.applicationId()).isEqualTo("mon-2");
        assertThat(config.stateDir()).isEqualTo(Path.of("/var/lib/firstpass"));
        assertThat(config.topics()).isEqualTo(new MonitorTopics("in.epochs", "in.acks", "in.lifecycle", "out.dlq",
                "out.stats", "out.plateau"));
        assertThat(config.metric()).isEqualTo("loss");
        assertThat(config.targets()).containsExactly(Target.atMost(0.3));
        assertThat(config.perturbation()).isEqualTo(PerturbationKind.PARTIAL_RESET);
        assertThat(config.stallTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.statisticsInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.bootstrapResamples()).isEqualTo(50);
        assertThat(config.qss()).isEqualTo(new QssSettings(0.01, 5, 4));
        assertThat(config.analysisSettings().bootstrapResamples()).isEqualTo(50);
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.httpHost()).isEqualTo("0.0.0.0");
    }

    @Test
    void validateReportsEveryProblemAtOnceNamingTheValue() {
        Map<String, String> values = new HashMap<>();
        values.put("metric", " ");
        values.put("targets", "0.8, high, 0.8");
        values.put("direction", "sideways");
        values.put("perturbation", "shake");
        values.put("stall.timeout", "ten minutes");
        values.put("statistics.interval", "0s");
        values.put("bootstrap.resamples", "-1");
        values.put("qss.alpha", "1.5");
        values.put("qss.min.runs", "2");
        values.put("http.port", "70000");
        values.put("stall.timeout.ms", "600000");

        MonitorConfig config = new MonitorConfig(values);

        List<String> problems = config.problems().stream().map(Problem::message).toList();
        assertThat(problems.get(0)).startsWith("unknown configuration key 'stall.timeout.ms' (known: application.id,"
                + " bootstrap.resamples, bootstrap.servers, create.topics, direction, http.host, http.port,")
                .contains(" stall.timeout, state.dir, statistics.interval, targets,")
                .endsWith(", input.<format>.<option> for the input adapter, and streams.<name> for Kafka Streams)");
        assertThat(problems.subList(1, problems.size())).containsExactly(
                "metric must not be blank: ' '",
                "direction must be max or min: 'sideways'",
                "targets must be finite numbers, comma separated: '0.8, high, 0.8'",
                "perturbation must be one of shrink_perturb, partial_reset, full_reset, warm_restart,"
                        + " weight_noise: 'shake'",
                "stall.timeout must be a whole number with a unit ms, s, m or h, e.g. 30s or 10m: 'ten minutes'",
                "statistics.interval must be longer than 0: '0s'",
                "bootstrap.resamples must be at least 0: '-1'",
                "qss.alpha must be strictly between 0 and 1: '1.5'",
                "qss.min.runs must be at least 3: '2'",
                "http.port must be at most 65535: '70000'");
        assertThat(config.problems().get(4)).isEqualTo(Problem.of("perturbation", "shake",
                "must be one of shrink_perturb, partial_reset, full_reset, warm_restart, weight_noise"));
        assertThatThrownBy(config::validate).isInstanceOf(MonitorConfigException.class)
                .hasMessageStartingWith("invalid monitor configuration: unknown configuration key 'stall.timeout.ms'")
                .satisfies(e -> assertThat(((MonitorConfigException) e).problems()).hasSize(11));
    }

    @Test
    void targetsMustNotRepeat() {
        Map<String, String> values = minimal();
        values.put("targets", "0.8, 0.85, 0.8");

        assertThat(new MonitorConfig(values).problems()).extracting(Problem::message)
                .containsExactly("targets must not repeat a target: '0.8, 0.85, 0.8'");
    }

    @Test
    void readsFirstPassEventsFromTheEpochTopicUnlessAnInputIsConfigured() {
        MonitorConfig config = new MonitorConfig(minimal()).validate();

        assertThat(config.inputFormat()).isEqualTo("native");
        assertThat(config.nativeInput()).isTrue();
        assertThat(config.inputAdapter()).isSameAs(EpochEventAdapters.nativeJson());
        assertThat(config.topics().epochs()).isEqualTo("training.metrics.epoch");
    }

    @Test
    void anInputTopicAndFormatReplaceTheEpochTopicAndItsParser() {
        Map<String, String> values = new LinkedHashMap<>(minimal());
        values.put("input.topic", "telegraf.metrics");
        values.put("input.format", "line-protocol");
        values.put("input.line-protocol.experiment", "const:cifar");
        values.put("input.line-protocol.metrics", "test_acc");

        MonitorConfig config = new MonitorConfig(values).validate();

        assertThat(config.inputFormat()).isEqualTo("line-protocol");
        assertThat(config.nativeInput()).isFalse();
        assertThat(config.topics().epochs()).isEqualTo("telegraf.metrics");
        assertThat(config.inputAdapter().adapt(null, "train,run_id=r1 epoch=3i,test_acc=0.5,loss=2 1000000000"
                .getBytes(StandardCharsets.UTF_8), null))
                .containsExactly(new EpochEvent("cifar", "r1", null, 3, 0, Instant.ofEpochSecond(1),
                        Map.of("test_acc", 0.5), 0, Map.of()));
    }

    @Test
    void inputProblemsAreReportedWithEveryOtherProblem() {
        Map<String, String> values = new LinkedHashMap<>(minimal());
        values.put("qss.alpha", "2");
        values.put("topic.epochs", "a");
        values.put("input.topic", "b");
        values.put("input.format", "json");
        values.put("input.json.epoch", "step[x]");
        values.put("input.json.epoc", "step");
        values.put("input.line-protocol.precision", "s");

        assertThat(new MonitorConfig(values).problems()).extracting(Problem::message).containsExactly(
                "input.topic and topic.epochs both name the topic of epoch events; give one: 'b' and 'a'",
                "qss.alpha must be strictly between 0 and 1: '2'",
                "input.json.experiment is required: key, const:VALUE, or a JSON path (names separated by '.',"
                        + " each optionally followed by [index])",
                "input.json.epoch must be a JSON path (names separated by '.', each optionally followed by"
                        + " [index]): \"step[x]\"",
                "input.json needs at least one metric: input.json.metrics.NAME=PATH or input.json.metrics.*=PATH",
                "unknown setting input.json.epoc: input.format json takes run_id, experiment, arm, epoch, time,"
                        + " metrics.NAME, metrics.*, kick, end",
                "input.line-protocol.precision applies to input.format line-protocol, not json");
    }

    @Test
    void targetsAreRequired() {
        Map<String, String> values = minimal();
        values.remove("targets");

        assertThat(new MonitorConfig(values).problems()).containsExactly(Problem.of("targets", null, "is required"));
    }

    @Test
    void streamsPropertiesAreExactlyOnceWithHandlersThatContinue() {
        Map<String, String> values = minimal();
        values.put("state.dir", "/data/monitor");
        values.put("streams.commit.interval.ms", "100");

        Properties props = new MonitorConfig(values).validate().toStreamsProperties();

        assertThat(props).containsEntry("processing.guarantee", "exactly_once_v2")
                .containsEntry("application.id", "firstpass-monitor")
                .containsEntry("bootstrap.servers", "broker:9092")
                .containsEntry("state.dir", "/data/monitor")
                .containsEntry("default.key.serde", Serdes.ByteArraySerde.class.getName())
                .containsEntry("default.value.serde", Serdes.ByteArraySerde.class.getName())
                .containsEntry("deserialization.exception.handler", LogAndContinueExceptionHandler.class.getName())
                .containsEntry("processing.exception.handler",
                        LogAndContinueProcessingExceptionHandler.class.getName())
                .containsEntry("processing.exception.handler.global.enabled", "true")
                .containsEntry("production.exception.handler", LogAndContinueProductionHandler.class.getName())
                .containsEntry("errors.dead.letter.queue.topic.name", "training.metrics.epoch.dlq")
                .containsEntry("commit.interval.ms", "100");
        assertThat(List.copyOf(props.stringPropertyNames())).hasSize(12);
    }

    @Test
    void securitySettingsReachKafkaStreamsBeforeTheStreamsOverrides() {
        Map<String, String> values = minimal();
        values.put("security.protocol", "SASL_PLAINTEXT");
        values.put("sasl.mechanism", "SCRAM-SHA-256");
        values.put("sasl.username", "monitor");
        values.put("sasl.password", "m-pw");
        values.put("streams.sasl.mechanism", "SCRAM-SHA-512");

        Properties props = new MonitorConfig(values).validate().toStreamsProperties();

        assertThat(props).containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"monitor\" password=\"m-pw\";");
        assertThat(new MonitorConfig(minimal()).toStreamsProperties()).doesNotContainKeys("security.protocol",
                "sasl.mechanism", "sasl.jaas.config");
    }

    @Test
    void securityProblemsAreReportedWithTheOthersWithoutThePassword() {
        Map<String, String> values = minimal();
        values.put("security.protocol", "SASL_SSL");
        values.put("sasl.mechanism", "PLAIN");
        values.put("sasl.password", "never-shown");

        assertThatThrownBy(() -> new MonitorConfig(values).validate())
                .isInstanceOfSatisfying(MonitorConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "sasl.mechanism must be SCRAM-SHA-256 or SCRAM-SHA-512: 'PLAIN'",
                        "sasl.username is required with security.protocol SASL_SSL"))
                .hasMessageNotContaining("never-shown");
    }
}
