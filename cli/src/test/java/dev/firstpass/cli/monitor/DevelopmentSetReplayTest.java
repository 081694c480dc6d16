package dev.firstpass.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.firstpass.broker.BrokerSettings;
import dev.firstpass.broker.EmbeddedKafkaBroker;
import dev.firstpass.cli.CliRun;
import dev.firstpass.core.fpt.analysis.AnalysisSettings;
import dev.firstpass.core.fpt.analysis.Arm;
import dev.firstpass.core.fpt.analysis.ExperimentInput;
import dev.firstpass.core.fpt.analysis.ExperimentReport;
import dev.firstpass.core.fpt.analysis.FirstPassageAnalysis;
import dev.firstpass.core.fpt.analysis.ProgressListener;
import dev.firstpass.core.fpt.analysis.TargetReport;
import dev.firstpass.core.fpt.qss.QssSettings;
import dev.firstpass.core.fpt.trajectory.Direction;
import dev.firstpass.core.fpt.trajectory.Target;
import dev.firstpass.core.fpt.trajectory.Trajectory;
import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.core.protocol.PerturbationKind;
import dev.firstpass.core.protocol.Topics;
import dev.firstpass.core.recording.RecordedRun;
import dev.firstpass.core.recording.RecordingFiles;
import dev.firstpass.monitor.MonitorApp;
import dev.firstpass.monitor.MonitorConfig;
import dev.firstpass.monitor.query.ExperimentView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Offline equals online on real trajectories: the CIFAR-100 momentum example replayed through Kafka
 * into a running monitor publishes exactly what {@code FirstPassageAnalysis} computes from the same
 * files.
 */
class DevelopmentSetReplayTest {

    private static final String EXAMPLE = "cifar100/ResNet18Momentum";
    private static final String EXPERIMENT = "cifar100-momentum";
    private static final String BASELINE = "reg_training";
    private static final String PROBE = "testacc_list_s_and_p_reset20";
    private static final List<String> OTHER_ARMS = List.of("testacc_list_s_and_p_reset10",
            "testacc_list_s_and_p_reset30");
    private static final List<Target> TARGETS = List.of(Target.atLeast(55), Target.atLeast(57));
    private static final int RESAMPLES = 50;

    @TempDir
    Path stateDir;

    @Test
    void replayedRecordingsPublishWhatTheOfflineAnalysisComputes() throws Exception {
        Path example = developmentSet().resolve(EXAMPLE);
        assumeTrue(Files.isDirectory(example), "development set not found at " + example.toAbsolutePath()
                + " (set -Dfirstpass.devset=DIR to point at shared/data/paper-transfer); skipping");
        Map<String, List<Trajectory>> arms = readArms(example);
        int epochs = arms.values().stream().flatMap(List::stream).mapToInt(Trajectory::epochs).sum();

        ExperimentView online;
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral()
                .withDefaultPartitions(3))) {
            kafka.createTopics(Topics.all().stream().collect(Collectors.toMap(topic -> topic, topic -> 3)));
            try (MonitorApp app = MonitorApp.start(new MonitorConfig(settings(kafka)), Clock.systemUTC())) {
                CliRun replay = CliRun.execute("replay", "--bootstrap-servers", kafka.bootstrapServers(),
                        "--experiment", EXPERIMENT, "--baseline", example.resolve(BASELINE).toString(), "--arm",
                        example.resolve(OTHER_ARMS.get(0)) + ":10", example.resolve(PROBE) + ":20",
                        example.resolve(OTHER_ARMS.get(1)) + ":30", "--quiet");
                assertThat(replay.exitCode()).as(replay.err()).isZero();
                online = Await.stable("statistics of every epoch of " + EXPERIMENT, () -> app.queries()
                        .experiment(EXPERIMENT).filter(view -> view.epochs() == epochs && !view.pending()));
            }
        }

        ExperimentReport offline = FirstPassageAnalysis.analyze(new ExperimentInput("test_ACC", Direction.MAX,
                PerturbationKind.SHRINK_PERTURB, Arm.unperturbed(BASELINE, arms.get(BASELINE)),
                Optional.of(Arm.kickedEvery(20, PROBE, arms.get(PROBE))),
                List.of(Arm.kickedEvery(10, OTHER_ARMS.get(0), arms.get(OTHER_ARMS.get(0))),
                        Arm.kickedEvery(30, OTHER_ARMS.get(1), arms.get(OTHER_ARMS.get(1))))),
                TARGETS, new AnalysisSettings(QssSettings.defaults(), RESAMPLES, AnalysisSettings.DEFAULT_CONFIDENCE,
                        AnalysisSettings.DEFAULT_SEED, 0), ProgressListener.SILENT);

        Map<String, FptStats> published = online.stats().stream()
                .collect(Collectors.toMap(s -> s.arm() + "|" + s.target(), s -> s));
        assertThat(online.runs()).isEqualTo(arms.values().stream().mapToInt(List::size).sum());
        for (int i = 0; i < TARGETS.size(); i++) {
            TargetReport report = offline.targets().get(i);
            MonitorVersusAnalyze.baseline(published.get(BASELINE + "|" + TARGETS.get(i).threshold()), report);
            MonitorVersusAnalyze.probe(published.get(PROBE + "|" + TARGETS.get(i).threshold()), offline, report, PROBE);
        }
        // The example supports the whole analysis, so none of the compared fields is trivially empty.
        FptStats probe = published.get(PROBE + "|55.0");
        assertThat(probe.tQss()).isNotNull();
        assertThat(probe.tauMin()).isNotNull();
        assertThat(probe.predictions()).anyMatch(FptStats.Prediction::valid);
        assertThat(probe.tauStar()).isNotNull();
    }

    private Map<String, String> settings(EmbeddedKafkaBroker kafka) {
        return Map.of(MonitorConfig.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers(),
                MonitorConfig.APPLICATION_ID.key(), "devset-replay-test",
                MonitorConfig.STATE_DIR.key(), stateDir.toString(),
                MonitorConfig.METRIC.key(), "test_ACC",
                MonitorConfig.TARGETS.key(), "55,57",
                MonitorConfig.BOOTSTRAP_RESAMPLES.key(), Integer.toString(RESAMPLES),
                MonitorConfig.STATISTICS_INTERVAL.key(), "1000ms",
                "streams.commit.interval.ms", "1000");
    }

    /**
     * Each arm's runs as the monitor sees them: named "arm/run" as the replay publishes them, in the order
     * {@code firstpass analyze} reads them (seed_2 before seed_10), which is the monitor's order too, so the
     * bootstrap draws the same.
     */
    private static Map<String, List<Trajectory>> readArms(Path example) {
        Map<String, List<Trajectory>> arms = new LinkedHashMap<>();
        for (String arm : List.of(BASELINE, OTHER_ARMS.get(0), PROBE, OTHER_ARMS.get(1))) {
            List<RecordedRun> runs = RecordingFiles.readRuns(example.resolve(arm));
            arms.put(arm, runs.stream()
                    .map(run -> Trajectory.ofEpochValues(arm + "/" + run.runId(), run.trajectory("test_ACC").values()))
                    .toList());
        }
        return arms;
    }

    private static Path developmentSet() {
        String configured = System.getProperty("firstpass.devset");
        return configured == null || configured.isBlank()
                ? Path.of("../../shared/data/paper-transfer")
                : Path.of(configured);
    }
}
