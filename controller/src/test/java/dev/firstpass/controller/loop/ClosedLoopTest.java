package dev.firstpass.controller.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.broker.BrokerSettings;
import dev.firstpass.broker.EmbeddedKafkaBroker;
import dev.firstpass.controller.ControllerApp;
import dev.firstpass.controller.ControllerConfig;
import dev.firstpass.controller.policy.Arms;
import dev.firstpass.controller.policy.ExperimentStatus;
import dev.firstpass.core.protocol.Decision;
import dev.firstpass.core.protocol.DecisionType;
import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.core.protocol.Phase;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.Schedule;
import dev.firstpass.core.protocol.Topics;
import dev.firstpass.core.protocol.signing.CommandKey;
import dev.firstpass.core.protocol.signing.CommandKeyRing;
import dev.firstpass.core.protocol.signing.CommandVerifier;
import dev.firstpass.monitor.MonitorApp;
import dev.firstpass.monitor.MonitorConfig;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole loop on a real in-process broker: simulated trainers, the real monitor and the controller.
 * The trainers' process has a known best period (see {@link PlateauProcess}), so the test can say whether
 * the controller found it.
 */
class ClosedLoopTest {

    static {
        // Kafka and Kafka Streams log thousands of INFO lines; set before the first logger is created.
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }

    private static final Duration LISTEN = Duration.ofMillis(100);
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final int MAX_EPOCHS = 50;
    private static final Duration RETENTION = Duration.ofMinutes(2);

    @TempDir
    static Path dir;

    private static final TickClock CLOCK = new TickClock(Instant.parse("2025-02-06T12:00:00Z"));
    private static final CommandKey KEY = CommandKey.generate("closed-loop", new SecureRandom());
    private static EmbeddedKafkaBroker kafka;
    private static MonitorApp monitor;
    private static Admin admin;

    @BeforeAll
    static void startKafkaAndMonitor() throws InterruptedException {
        kafka = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral());
        Map<String, Integer> plain = new LinkedHashMap<>();
        Topics.all().stream().filter(topic -> !topic.equals(Topics.FPT_STATS)).forEach(topic -> plain.put(topic, 1));
        kafka.createTopics(plain);
        kafka.createCompactedTopics(Map.of(Topics.FPT_STATS, 1));
        Map<String, String> settings = new HashMap<>();
        settings.put(MonitorConfig.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
        settings.put(MonitorConfig.APPLICATION_ID.key(), "closed-loop-monitor");
        settings.put(MonitorConfig.STATE_DIR.key(), dir.resolve("monitor").toString());
        settings.put(MonitorConfig.METRIC.key(), "test_acc");
        settings.put(MonitorConfig.TARGETS.key(), Double.toString(PlateauProcess.TARGET));
        settings.put(MonitorConfig.STATISTICS_INTERVAL.key(), "100ms");
        settings.put(MonitorConfig.BOOTSTRAP_RESAMPLES.key(), "100");
        settings.put("streams.commit.interval.ms", "100");
        monitor = MonitorApp.start(new MonitorConfig(settings), CLOCK);
        admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
        if (!monitor.awaitRunning(PATIENCE)) {
            throw new AssertionError("the monitor did not start: " + monitor.state());
        }
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (monitor != null) {
            monitor.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private static ControllerConfig controller(String experiment, String id, boolean dryRun) {
        return new ControllerConfig(Map.of(
                ControllerConfig.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers(),
                ControllerConfig.CONTROLLER_ID.key(), id,
                ControllerConfig.EXPERIMENTS.key(), experiment,
                ControllerConfig.TARGET.key(), Double.toString(PlateauProcess.TARGET),
                // Epochs take 150 ms here; a command may take a few to arrive.
                ControllerConfig.COMMAND_LEAD_EPOCHS.key(), "2",
                ControllerConfig.HOLDOUT_SHARE.key(), "0.25",
                ControllerConfig.EXPERIMENT_RETENTION.key(), RETENTION.toMillis() + "ms",
                ControllerConfig.COMMAND_KEY, KEY.asText(),
                ControllerConfig.DRY_RUN.key(), Boolean.toString(dryRun)));
    }

    /** What the simulated trainers check every command with: the controller's key, on the shared clock. */
    private static CommandVerifier verifier() {
        return CommandVerifier.of(CommandKeyRing.of(KEY), CommandVerifier.DEFAULT_WINDOW, CLOCK);
    }

    /** {@code first} runs from the first step, then {@code later} more, one every 2 steps from step 6. */
    private static List<SimulatedTrainers.RunSpec> population(String experiment, int first, int later, int epochs) {
        List<SimulatedTrainers.RunSpec> specs = new ArrayList<>();
        for (int i = 0; i < first + later; i++) {
            int start = i < first ? 1 : 6 + 2 * (i - first);
            specs.add(new SimulatedTrainers.RunSpec(String.format("%s-%02d", experiment, i + 1), start, epochs));
        }
        return specs;
    }

    private static List<Decision> decisions(String experiment) {
        return TopicReader.readAll(kafka.bootstrapServers(), Topics.DECISIONS).stream()
                .map(entry -> ProtocolJson.parseDecision(entry.value())).filter(d -> d.experiment().equals(experiment))
                .toList();
    }

    private static List<TopicReader.Entry> commands(String experiment) {
        return TopicReader.readAll(kafka.bootstrapServers(), Topics.COMMANDS).stream()
                .filter(entry -> ProtocolJson.parseCommand(entry.value()).experiment().equals(experiment)).toList();
    }

    /** Whether the monitor has committed every epoch event published so far. */
    private static boolean monitorCaughtUp() {
        return MonitorLag.caughtUp(admin, "closed-loop-monitor");
    }

    private static Optional<ExperimentStatus> status(ControllerApp app, String experiment) {
        return app.status().stream().filter(s -> s.experiment().equals(experiment)).findFirst();
    }

    @Test
    void observesProbesAndExploitsAPeriodWhoseIntervalHoldsTheKnownOptimumWithoutDuplicateCommandsAcrossARestart()
            throws Exception {
        ControllerConfig config = controller("live", "live-controller", false);
        ControllerApp[] controller = {ControllerApp.start(config, CLOCK)};
        assertThat(controller[0].awaitLive(PATIENCE)).isTrue();
        int[] restartedAt = {0};
        try (SimulatedTrainers trainers = new SimulatedTrainers(kafka.bootstrapServers(), "live",
                population("live", 24, 16, MAX_EPOCHS), 7L, CLOCK, verifier())) {
            trainers.run(LISTEN, ClosedLoopTest::monitorCaughtUp, step -> {
                // Restart mid-loop, once the probe's commands are out.
                boolean probing = status(controller[0], "live").map(s -> s.phase() != Phase.OBSERVE).orElse(false);
                if (restartedAt[0] == 0 && probing && controller[0].commandsSent() > 0) {
                    restartedAt[0] = step;
                    controller[0].close();
                    controller[0] = ControllerApp.start(config, CLOCK);
                }
                return false;
            });
            ExperimentStatus last = settled(controller[0], "live");
            // Every run finished: once the experiment has been quiet for the retention, it is forgotten.
            CLOCK.advance(RETENTION);
            long retireBy = System.nanoTime() + PATIENCE.toNanos();
            while (controller[0].retiredExperiments() == 0 && System.nanoTime() < retireBy) {
                Thread.sleep(100);
            }
            int retired = controller[0].retiredExperiments();
            List<ExperimentStatus> statusAfterRetirement = controller[0].status();
            controller[0].close();

            List<Decision> decisions = decisions("live");
            List<Decision> phases = decisions.stream().filter(d -> d.type() == DecisionType.PHASE_CHANGED
                    || d.type() == DecisionType.TAU_CHANGED).toList();
            assertThat(restartedAt[0]).isPositive();
            assertThat(retired).isEqualTo(1);
            assertThat(statusAfterRetirement).extracting(ExperimentStatus::experiment).doesNotContain("live");
            assertThat(phases).as(story(decisions)).extracting(Decision::phase).startsWith(Phase.PROBE, Phase.EXPLOIT);
            assertThat(decisions).extracting(Decision::sequence)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, decisions.size()).boxed().toList());

            // No command twice, across the restart: every command on the topic once, each with its decision.
            List<TopicReader.Entry> sent = commands("live");
            List<String> ids = sent.stream().map(TopicReader.Entry::ceId).toList();
            assertThat(ids).doesNotHaveDuplicates().containsExactlyElementsOf(decisions.stream()
                    .filter(d -> d.type() == DecisionType.COMMAND_ISSUED).map(Decision::commandId).toList());
            assertThat(trainers.duplicatesIgnored()).isZero();
            // Every command, from both controllers, was signed with the key and verified by the trainers.
            assertThat(trainers.refusals()).isEmpty();

            // Probed at tau0 = max(t_QSS, 10) rounded up to a multiple of 5, from an epoch >= t_QSS.
            Decision probe = phases.get(0);
            int tQss = probe.evidence().tQss();
            assertThat(probe.tau()).isEqualTo((Math.max(tQss, 10) + 4) / 5 * 5);
            assertThat(periodicCommands(sent, Arms.probe(probe.tau()))).isNotEmpty().allSatisfy(schedule -> {
                assertThat(schedule.every()).isEqualTo(probe.tau());
                assertThat(schedule.fromEpoch()).isGreaterThanOrEqualTo(tQss);
            });
            trainers.kicks().forEach((run, kicks) -> {
                if (Arms.probe(probe.tau()).equals(trainers.arms().get(run))) {
                    assertThat(gaps(kicks)).as(run + " kicked after " + kicks).containsOnly(probe.tau());
                }
            });

            // Exploits tau*, whose interval holds the best period where the predictions are valid.
            Decision exploit = phases.get(phases.size() - 1);
            assertThat(last.phase()).as(story(decisions)).isEqualTo(Phase.EXPLOIT);
            assertThat(last.tauStar()).isEqualTo(exploit.tau()).isBetween(last.tauStarLow(), last.tauStarHigh());
            assertThat(periodicCommands(sent, Arms.exploit(exploit.tau()))).as(story(decisions)).isNotEmpty()
                    .allSatisfy(schedule -> assertThat(schedule.every()).isEqualTo(exploit.tau()));
            int tauMin = exploit.evidence().tauMin();
            int optimum = PlateauProcess.bestPeriod(tauMin, MAX_EPOCHS);
            System.out.printf(Locale.ROOT, "closed loop: t_QSS %d, tau0 %d, restart at step %d, tau_min %d,"
                    + " predicted tau* %d [%d, %d] with MFPT %.1f [%.1f, %.1f] vs baseline %.1f [%s, %s];"
                    + " exact MFPT at tau* %.2f; known optimum for tau >= tau_min: %d (MFPT %.2f); %d commands%n",
                    tQss, probe.tau(), restartedAt[0], tauMin, last.tauStar(), last.tauStarLow(), last.tauStarHigh(),
                    exploit.evidence().predictedMfpt(), exploit.evidence().predictedLow(),
                    exploit.evidence().predictedHigh(), exploit.evidence().baselineMfpt(),
                    exploit.evidence().baselineLow(), exploit.evidence().baselineHigh(),
                    PlateauProcess.exactMfpt(last.tauStar()), optimum, PlateauProcess.exactMfpt(optimum), ids.size());
            assertThat(optimum).isBetween(last.tauStarLow() - 1, last.tauStarHigh() + 1);
        } finally {
            controller[0].close();
        }
    }

    @Test
    void inDryRunDecisionsArePublishedButNoCommandIsEverSent() throws Exception {
        try (ControllerApp controller = ControllerApp.start(controller("dry", "dry-controller", true), CLOCK);
                SimulatedTrainers trainers = new SimulatedTrainers(kafka.bootstrapServers(), "dry",
                        population("dry", 16, 4, 30), 11L, CLOCK, verifier())) {
            assertThat(controller.awaitLive(PATIENCE)).isTrue();
            int[] probingSince = {0};
            trainers.run(LISTEN, ClosedLoopTest::monitorCaughtUp, step -> {
                boolean probing = status(controller, "dry").map(s -> s.phase() == Phase.PROBE).orElse(false);
                if (probing && probingSince[0] == 0) {
                    probingSince[0] = step;
                }
                // A few more epochs, time enough for any command to reach the trainers.
                return probingSince[0] > 0 && step >= probingSince[0] + 5;
            });

            List<Decision> decisions = decisions("dry");
            List<Decision> commandDecisions = decisions.stream()
                    .filter(d -> d.type() == DecisionType.COMMAND_ISSUED).toList();
            assertThat(probingSince[0]).as(story(decisions)).isPositive();
            assertThat(decisions).extracting(Decision::type).contains(DecisionType.PHASE_CHANGED,
                    DecisionType.ARM_ASSIGNED);
            assertThat(commandDecisions).isNotEmpty().allMatch(Decision::dryRun);
            assertThat(commands("dry")).isEmpty();
            assertThat(controller.commandsSent()).isZero();
            assertThat(trainers.kicks().values()).allMatch(List::isEmpty);
            assertThat(trainers.arms().values()).containsOnlyNulls();
        }
    }

    private static List<Schedule.Periodic> periodicCommands(List<TopicReader.Entry> sent, String arm) {
        return sent.stream().map(entry -> ProtocolJson.parseCommand(entry.value()))
                .filter(command -> arm.equals(command.arm()) && command.schedule() instanceof Schedule.Periodic)
                .map(command -> (Schedule.Periodic) command.schedule()).toList();
    }

    private static List<Integer> gaps(List<Integer> kicks) {
        return IntStream.range(1, kicks.size()).mapToObj(i -> kicks.get(i) - kicks.get(i - 1)).toList();
    }

    /** What happened, for failure messages: the decisions in short and what the monitor said last. */
    private static String story(List<Decision> decisions) {
        return "decisions: " + decisions.stream().map(d -> d.sequence() + " " + d.time() + " " + d.type().wireName()
                + (d.runId() == null ? "" : " " + d.runId()) + (d.arm() == null ? "" : " " + d.arm())
                + (d.tau() == null ? "" : " tau " + d.tau())
                + (d.type().experimentWide() ? ": " + d.reason() : "")).toList() + "\nthe monitor says:"
                + monitorSays(decisions.isEmpty() ? "" : decisions.get(0).experiment());
    }

    /** The monitor's latest statistics of the experiment, one line per arm, for failure messages. */
    private static String monitorSays(String experiment) {
        Map<String, FptStats> latest = new TreeMap<>();
        for (TopicReader.Entry entry : TopicReader.readAll(kafka.bootstrapServers(), Topics.FPT_STATS)) {
            FptStats stats = ProtocolJson.parseFptStats(entry.value());
            if (stats.experiment().equals(experiment)) {
                latest.put(stats.arm(), stats);
            }
        }
        StringBuilder text = new StringBuilder();
        latest.values().forEach(s -> text.append(String.format(Locale.ROOT,
                "%n  %s at %s: runs %d, t_QSS %s, t_rel %s, tau_min %s, tau* %s [%s, %s], recommend %s: %s", s.arm(),
                s.time(), s.runs(), s.tQss(), s.tRel(), s.tauMin(), s.tauStar(), s.tauStarLow(), s.tauStarHigh(),
                s.recommend(), s.reason())));
        return text.toString();
    }

    /**
     * The controller's status once it stopped changing for a second (all runs have finished by then);
     * fails rather than go on with a status still changing.
     */
    private static ExperimentStatus settled(ControllerApp app, String experiment) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        ExperimentStatus previous = null;
        while (System.nanoTime() < deadline) {
            ExperimentStatus now = status(app, experiment).orElseThrow();
            if (now.equals(previous)) {
                return now;
            }
            previous = now;
            Thread.sleep(1000);
        }
        throw new AssertionError("the status of " + experiment + " still changing after " + PATIENCE + ": " + previous);
    }
}
