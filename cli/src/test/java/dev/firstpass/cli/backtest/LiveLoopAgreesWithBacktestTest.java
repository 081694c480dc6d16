package dev.firstpass.cli.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.broker.BrokerSettings;
import dev.firstpass.broker.EmbeddedKafkaBroker;
import dev.firstpass.cli.monitor.Await;
import dev.firstpass.controller.ControllerApp;
import dev.firstpass.controller.ControllerConfig;
import dev.firstpass.controller.command.CommandMode;
import dev.firstpass.controller.loop.MonitorLag;
import dev.firstpass.controller.loop.PlateauProcess;
import dev.firstpass.controller.loop.SimulatedTrainers;
import dev.firstpass.controller.loop.TickClock;
import dev.firstpass.controller.policy.ExperimentStatus;
import dev.firstpass.controller.policy.PolicySettings;
import dev.firstpass.core.fpt.analysis.AnalysisSettings;
import dev.firstpass.core.fpt.analysis.ProgressListener;
import dev.firstpass.core.fpt.trajectory.Target;
import dev.firstpass.core.protocol.PerturbationKind;
import dev.firstpass.core.protocol.Phase;
import dev.firstpass.core.protocol.Topics;
import dev.firstpass.monitor.MonitorApp;
import dev.firstpass.monitor.MonitorConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same simulated process ({@link PlateauProcess}, best period known exactly) decided twice: live,
 * by the controller and the monitor on a real in-process broker with simulated trainers, and in the
 * backtest, on a grid recorded from that process at every period from 2 to 20. Both must settle on the
 * same period, up to the live decision's interval.
 */
class LiveLoopAgreesWithBacktestTest {

    static {
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }

    private static final int EPOCHS = 50;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void theLiveControllerAndTheBacktestAdoptTheSamePeriod() throws Exception {
        ExperimentStatus live = decideLive();
        TargetBacktest backtest = backtest().run(Target.atLeast(PlateauProcess.TARGET), ProgressListener.SILENT);
        StrategySummary firstPass = backtest.strategy("FirstPass");
        System.out.printf("live: %s; backtest: adopted %s (%s)%n", live.summary(), firstPass.adopted(),
                firstPass.outcomes().get(0).notes());

        assertThat(live.phase()).isEqualTo(Phase.EXPLOIT);
        double adopted = medianAdopted(firstPass);
        assertThat(adopted).isBetween(live.tauStarLow() - 1.0, live.tauStarHigh() + 1.0);
        assertThat((double) live.tauStar()).isBetween(adopted - 1.0, adopted + 1.0);
    }

    private ExperimentStatus decideLive() throws Exception {
        TickClock clock = new TickClock(Instant.parse("2025-02-06T12:00:00Z"));
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral())) {
            Map<String, Integer> plain = new LinkedHashMap<>();
            Topics.all().stream().filter(t -> !t.equals(Topics.FPT_STATS)).forEach(t -> plain.put(t, 1));
            kafka.createTopics(plain);
            kafka.createCompactedTopics(Map.of(Topics.FPT_STATS, 1));
            Map<String, String> monitorSettings = new HashMap<>();
            monitorSettings.put(MonitorConfig.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
            monitorSettings.put(MonitorConfig.APPLICATION_ID.key(), "agree-monitor");
            monitorSettings.put(MonitorConfig.STATE_DIR.key(), dir.resolve("monitor").toString());
            monitorSettings.put(MonitorConfig.METRIC.key(), "test_acc");
            monitorSettings.put(MonitorConfig.TARGETS.key(), Double.toString(PlateauProcess.TARGET));
            monitorSettings.put(MonitorConfig.STATISTICS_INTERVAL.key(), "100ms");
            monitorSettings.put(MonitorConfig.BOOTSTRAP_RESAMPLES.key(), "100");
            monitorSettings.put("streams.commit.interval.ms", "100");
            try (MonitorApp monitor = MonitorApp.start(new MonitorConfig(monitorSettings), clock);
                    Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                awaitRunning(monitor);
                ControllerConfig config = new ControllerConfig(Map.of(
                        ControllerConfig.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers(),
                        ControllerConfig.CONTROLLER_ID.key(), "agree-controller",
                        ControllerConfig.TARGET.key(), Double.toString(PlateauProcess.TARGET),
                        ControllerConfig.COMMAND_LEAD_EPOCHS.key(), "2",
                        ControllerConfig.HOLDOUT_SHARE.key(), "0"));
                try (ControllerApp controller = ControllerApp.start(config, clock);
                        SimulatedTrainers trainers = new SimulatedTrainers(kafka.bootstrapServers(), "agree",
                                population(), 7L, clock, null)) {
                    assertThat(controller.awaitLive(PATIENCE)).isTrue();
                    trainers.run(Duration.ofMillis(100), () -> MonitorLag.caughtUp(admin, "agree-monitor"),
                            step -> false);
                    // The status once the last statistics have reached the controller, not after a fixed wait.
                    return Await.stable("the controller's settled status", () -> controller.status().stream()
                            .filter(s -> s.experiment().equals("agree")).findFirst());
                }
            }
        }
    }

    private static void awaitRunning(MonitorApp monitor) throws InterruptedException {
        if (!monitor.awaitRunning(PATIENCE)) {
            throw new AssertionError("the monitor did not start: " + monitor.state());
        }
    }

    /** 24 runs from the first step, then 16 more, one every 2 steps, as the controller's closed loop. */
    private static List<SimulatedTrainers.RunSpec> population() {
        List<SimulatedTrainers.RunSpec> specs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            specs.add(new SimulatedTrainers.RunSpec(String.format("agree-%02d", i + 1), i < 24 ? 1 : 6 + 2 * (i - 24),
                    EPOCHS));
        }
        return specs;
    }

    /** The controller's defaults, on a grid of the process recorded at every period from 2 to 20. */
    private static Backtest backtest() {
        int[] periods = IntStream.rangeClosed(2, 20).toArray();
        RecordedGrid grid = SimulatedGrids.of(periods, 200, EPOCHS, 1.0);
        PolicySettings policy = new PolicySettings(0.0, PerturbationKind.SHRINK_PERTURB, Map.of(), CommandMode.PERIODIC,
                1, ControllerConfig.MIN_RUNS.defaultValue(), ControllerConfig.BASELINE_RUNS.defaultValue(),
                ControllerConfig.PROBE_SHARE.defaultValue(), 0,
                ControllerConfig.PROBE_MIN_PERIOD.defaultValue(), ControllerConfig.PROBE_PERIOD_STEP.defaultValue(), 0.0,
                ControllerConfig.MAX_KICKS_PER_RUN.defaultValue(), ControllerConfig.HYSTERESIS_UPDATES.defaultValue(), false,
                ControllerConfig.SEED.defaultValue(), ControllerConfig.REFINE_PROBES.defaultValue(), List.of(), true);
        return new Backtest(grid, new FleetSettings(80, 8, 1L), 3, policy,
                AnalysisSettings.defaults().withResamples(100), PerturbationKind.SHRINK_PERTURB, 5, 8, 2);
    }

    private static double medianAdopted(StrategySummary summary) {
        double[] adopted = summary.outcomes().stream().mapToDouble(FleetOutcome::adopted).toArray();
        return Spread.of(adopted).median();
    }
}
