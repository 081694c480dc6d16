package dev.firstpass.sink;

import static dev.firstpass.sink.SinkRecords.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.firstpass.core.protocol.Command;
import dev.firstpass.core.protocol.EpochEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Points written through the real InfluxDB client to a real server of its write API (VictoriaMetrics)
 * come back with every measurement, tag, field value and time.
 */
class VictoriaMetricsRoundTripTest {

    private static final long MS = T.toEpochMilli();

    @TempDir
    static Path dir;

    private static VictoriaMetrics server;

    @BeforeAll
    static void startServer() throws Exception {
        assumeTrue(VictoriaMetrics.installed(), VictoriaMetrics.MISSING);
        server = VictoriaMetrics.start(dir.resolve("vm"));
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static SinkConfig config() {
        return new SinkConfig(Map.of(SinkConfig.BOOTSTRAP_SERVERS.key(), "unused:9092", SinkConfig.INFLUX_URL.key(), server.url(),
                SinkConfig.INFLUX_TOKEN.key(), "test-token", SinkConfig.WRITE_TIMEOUT.key(), "5000ms")).validate();
    }

    private static List<String> representativeLines() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("test_acc", 0.871);
        metrics.put("test loss", Double.NaN);
        EpochEvent epoch = new EpochEvent("c100 sweep", "seed,3", "tau=20", 12, 0, T, metrics, 0, Map.of());
        Command command = SinkRecords.command("cmd-1", "seed,3", T.minusMillis(1500));
        List<Line> lines = new ArrayList<>();
        EpochPoints.of(epoch).ifPresent(lines::add);
        InterventionPoints.of(SinkRecords.ackOf(command, 20, T), CommandInfo.of(command)).ifPresent(lines::add);
        DecisionPoints.of(SinkRecords.phaseDecision(T)).ifPresent(lines::add);
        PlateauPoints.of(SinkRecords.plateau(null, T)).ifPresent(lines::add);
        lines.addAll(StatsPoints.of(SinkRecords.stats("tau 5", T)));
        return lines.stream().map(Line::text).toList();
    }

    @Test
    void everyMeasurementTagFieldAndTimeWrittenThroughTheClientComesBack() throws Exception {
        try (InfluxPointWriter writer = InfluxPointWriter.connect(config())) {
            writer.write(representativeLines());
        }

        String epoch = "arm=tau=20,experiment=c100 sweep,run_id=seed,3,segment=0";
        String intervention = "experiment=c100,kind=shrink_perturb,run_id=seed,3,status=applied";
        String decision = "experiment=c100,kind=phase_changed";
        String plateau = "experiment=c100,run_id=r1";
        String stats = "arm=tau 5,experiment=c100,metric=test_acc,target=0.85";
        // VictoriaMetrics stores numbers only: booleans become 1 or 0, and string fields 0.
        List<String> expected = List.of(
                sample("training_epoch_test_acc", epoch, 0.871),
                sample("training_epoch_epoch", epoch, 12),
                sample("training_intervention_command_id", intervention, 0),
                sample("training_intervention_epoch", intervention, 20),
                sample("training_intervention_ack_latency_ms", intervention, 1500),
                sample("training_decision_sequence", decision, 1),
                sample("training_decision_phase", decision, 0),
                sample("training_decision_tau", decision, 5),
                sample("training_decision_dry_run", decision, 0),
                sample("training_decision_reason", decision, 0),
                sample("training_plateau_plateau", plateau, 1),
                sample("training_plateau_epoch", plateau, 40),
                sample("training_plateau_slope", plateau, -0.00015),
                sample("training_plateau_p_value", plateau, 0.62),
                sample("training_plateau_window", plateau, 10),
                sample("fpt_stats_runs", stats, 8),
                sample("fpt_stats_censored", stats, 2),
                sample("fpt_stats_t_qss", stats, 2),
                sample("fpt_stats_hazard", stats, 0.25),
                sample("fpt_stats_mfpt", stats, 12.5),
                sample("fpt_stats_mfpt_extrapolated", stats, 1),
                sample("fpt_stats_mfpt_is_lower_bound", stats, 0),
                sample("fpt_stats_cv", stats, 0.8),
                sample("fpt_stats_t_rel", stats, 3),
                sample("fpt_stats_tau_min", stats, 4),
                sample("fpt_stats_tau_star", stats, 5),
                sample("fpt_stats_tau_star_low", stats, 4),
                sample("fpt_stats_tau_star_high", stats, 7),
                sample("fpt_stats_mfpt_at_tau_star", stats, 10.5),
                sample("fpt_stats_mfpt_at_tau_star_low", stats, 9),
                sample("fpt_stats_mfpt_at_tau_star_high", stats, 12.25),
                sample("fpt_stats_recommend", stats, 1),
                sample("fpt_stats_reason", stats, 0),
                sample("fpt_prediction_mfpt", stats + ",tau=5", 10.5),
                sample("fpt_prediction_low", stats + ",tau=5", 9),
                sample("fpt_prediction_high", stats + ",tau=5", 12.25),
                sample("fpt_prediction_valid", stats + ",tau=5", 1),
                sample("fpt_prediction_valid", stats + ",tau=20", 0),
                sample("fpt_survival_survival", "arm=tau 5,epoch=0,experiment=c100,metric=test_acc,target=0.85", 1),
                sample("fpt_survival_survival", "arm=tau 5,epoch=1,experiment=c100,metric=test_acc,target=0.85", 0.75),
                sample("fpt_survival_survival", "arm=tau 5,epoch=2,experiment=c100,metric=test_acc,target=0.85", 0.5));

        List<String> exported = awaitSamples(expected.size());

        assertThat(exported).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(Measurements.all()).allSatisfy(measurement ->
                assertThat(exported).anyMatch(sample -> sample.startsWith(measurement + "_")));
    }

    private static String sample(String name, String labels, double value) {
        return name + "{" + labels + "} " + value + " @" + MS;
    }

    private static List<String> awaitSamples(int expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<String> samples = List.of();
        while (System.nanoTime() < deadline) {
            samples = new ArrayList<>();
            for (VictoriaMetrics.Series series : server.export("(training|fpt)_.+")) {
                Map<String, String> labels = new TreeMap<>(series.labels());
                labels.remove("__name__");
                String labelText = labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(","));
                for (int i = 0; i < series.values().size(); i++) {
                    samples.add(series.name() + "{" + labelText + "} " + series.values().get(i) + " @"
                            + series.timestamps().get(i));
                }
            }
            if (samples.size() >= expected) {
                return samples;
            }
            Thread.sleep(200);
        }
        return samples;
    }
}
