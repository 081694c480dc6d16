package dev.firstpass.controller.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.broker.BrokerSettings;
import dev.firstpass.broker.EmbeddedKafkaBroker;
import dev.firstpass.controller.ControllerApp;
import dev.firstpass.controller.ControllerConfig;
import dev.firstpass.core.protocol.Decision;
import dev.firstpass.core.protocol.DecisionType;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.Phase;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.Topics;
import dev.firstpass.core.protocol.signing.CommandKey;
import dev.firstpass.core.protocol.signing.CommandKeyRing;
import dev.firstpass.core.protocol.signing.CommandVerifier;
import dev.firstpass.monitor.MonitorApp;
import dev.firstpass.monitor.MonitorConfig;
import dev.firstpass.monitor.query.ExperimentView;
import dev.firstpass.monitor.query.QueriesUnavailableException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker stopped for a few seconds while the controller probes, then restarted on the same ports
 * and data: the simulated trainers, the monitor and the controller ride it out, no epoch event is lost
 * or doubled, no command reaches a run twice, the audit trail stays whole, and the monitor ends with
 * the statistics that a monitor reading the same topics without interruption computes.
 */
class BrokerRestartLoopTest {

    static {
        // Kafka and Kafka Streams log thousands of INFO lines; set before the first logger is created.
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }

    private static final String EXPERIMENT = "outage";
    /** The controller signs with it; the simulated trainers verify with it. */
    private static final CommandKey KEY = CommandKey.generate("outage", new SecureRandom());
    private static final Duration LISTEN = Duration.ofMillis(100);
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Duration OUTAGE = Duration.ofSeconds(4);
    private static final int FIRST_RUNS = 20;
    private static final int LATER_RUNS = 4;
    private static final int MAX_EPOCHS = 30;
    /** A command that reaches a run after its last epoch is refused; the outage makes that race likelier. */
    private static final String FINISHED_RUN_REFUSAL = "the run finished after epoch";

    @TempDir
    Path dir;

    @Test
    void aBrokerRestartedMidProbeLosesNoEpochEventAppliesNoCommandTwiceAndLeavesTheStatisticsOfAnUninterruptedRun()
            throws Exception {
        TickClock clock = new TickClock(Instant.parse("2025-02-07T12:00:00Z"));
        long started = System.nanoTime();
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral())) {
            createTopics(kafka);
            try (MonitorApp monitor = MonitorApp.start(monitorConfig(kafka, "outage-monitor", "live", Map.of()),
                    clock);
                    Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                awaitRunning(monitor);
                int stoppedAt;
                long sent;
                double loopSeconds;
                double longestStep;
                try (ControllerApp controller = ControllerApp.start(controllerConfig(kafka), clock);
                        SimulatedTrainers trainers = new SimulatedTrainers(kafka.bootstrapServers(), EXPERIMENT,
                                population(), 13L, clock,
                                CommandVerifier.of(CommandKeyRing.of(KEY), CommandVerifier.DEFAULT_WINDOW, clock))) {
                    assertThat(controller.awaitLive(PATIENCE)).isTrue();
                    Outage outage = new Outage(kafka);
                    long[] stepEnded = {System.nanoTime(), 0};
                    trainers.run(LISTEN, () -> MonitorLag.caughtUp(admin, "outage-monitor"), step -> {
                        // The longest step: the one that waited for the broker and the loop to recover.
                        stepEnded[1] = Math.max(stepEnded[1], System.nanoTime() - stepEnded[0]);
                        stepEnded[0] = System.nanoTime();
                        boolean probing = controller.status().stream().anyMatch(s -> s.experiment().equals(EXPERIMENT)
                                && s.phase() == Phase.PROBE);
                        if (!outage.started() && probing && controller.commandsSent() > 0) {
                            outage.begin(step);
                        }
                        return false;
                    });
                    outage.awaitEnd();
                    loopSeconds = seconds(started);
                    longestStep = stepEnded[1] / 1e9;
                    stoppedAt = outage.step();
                    sent = trainers.epochEventsSent();

                    assertThat(stoppedAt).as("the broker was stopped while probing").isPositive();
                    assertThat(kafka.isRunning()).isTrue();
                    assertThat(controller.failure()).isEmpty();
                    assertThat(controller.isRunning()).isTrue();
                    assertThat(trainers.duplicatesIgnored()).isZero();
                    assertThat(trainers.refusals()).allSatisfy(r -> assertThat(r).contains(FINISHED_RUN_REFUSAL));
                    assertThat(trainers.kicks().values().stream().mapToInt(List::size).sum()).isPositive();
                }
                int runs = FIRST_RUNS + LATER_RUNS;
                assertThat(sent).isEqualTo((long) runs * MAX_EPOCHS);

                // Every run's epochs on the topic exactly once and in order: nothing lost, nothing doubled.
                Map<String, List<Integer>> epochsByRun = TopicReader.readAll(kafka.bootstrapServers(),
                        Topics.EPOCH_EVENTS).stream().map(entry -> ProtocolJson.parseEpochEvent(entry.value()))
                        .collect(Collectors.groupingBy(EpochEvent::runId, TreeMap::new,
                                Collectors.mapping(EpochEvent::epoch, Collectors.toList())));
                List<Integer> oneToMax = IntStream.rangeClosed(1, MAX_EPOCHS).boxed().toList();
                assertThat(epochsByRun).hasSize(runs).allSatisfy((run, epochs) -> assertThat(epochs).as(run)
                        .containsExactlyElementsOf(oneToMax));

                // The audit trail: decisions numbered 1..n, every issued command on the topic exactly once.
                List<Decision> decisions = TopicReader.readAll(kafka.bootstrapServers(), Topics.DECISIONS).stream()
                        .map(entry -> ProtocolJson.parseDecision(entry.value())).toList();
                assertThat(decisions).extracting(Decision::sequence)
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, decisions.size()).boxed().toList());
                List<String> commandIds = TopicReader.readAll(kafka.bootstrapServers(), Topics.COMMANDS).stream()
                        .map(TopicReader.Entry::ceId).toList();
                assertThat(commandIds).isNotEmpty().doesNotHaveDuplicates()
                        .containsExactlyInAnyOrderElementsOf(decisions.stream()
                                .filter(d -> d.type() == DecisionType.COMMAND_ISSUED).map(Decision::commandId)
                                .toList());

                // The monitor holds every epoch, and its statistics are those of a monitor that read the
                // same topics from the start without an outage.
                ExperimentView live = analysedWithEveryEpoch(monitor, sent);
                Map<String, String> elsewhere = Map.of(MonitorConfig.TOPIC_FPT_STATS.key(), "reference.fpt_stats",
                        MonitorConfig.TOPIC_PLATEAU.key(), "reference.plateau", MonitorConfig.TOPIC_DLQ.key(), "reference.dlq");
                try (MonitorApp reference = MonitorApp.start(monitorConfig(kafka, "outage-reference", "reference",
                        elsewhere), clock)) {
                    ExperimentView uninterrupted = analysedWithEveryEpoch(reference, sent);
                    System.out.printf("broker restart loop: broker stopped at step %d for %s, %d epoch events,"
                            + " %d commands, %d decisions, %d statistics records; longest step %.1f s, loop done after"
                            + " %.1f s, reference analysed after %.1f s%n", stoppedAt, OUTAGE, sent, commandIds.size(),
                            decisions.size(), live.stats().size(), longestStep, loopSeconds, seconds(started));
                    assertThat(live.runs()).isEqualTo(uninterrupted.runs()).isEqualTo(runs);
                    assertThat(live.stats()).isNotEmpty().usingRecursiveFieldByFieldElementComparatorIgnoringFields(
                            "time").containsExactlyElementsOf(uninterrupted.stats());
                }
                assertThat(monitor.dlqCount()).isZero();
            }
        }
    }

    /** Stops the broker from the trainers' thread and restarts it from another after {@link #OUTAGE}. */
    private static final class Outage {
        private final EmbeddedKafkaBroker kafka;
        private Thread restarter;
        private int step;

        Outage(EmbeddedKafkaBroker kafka) {
            this.kafka = kafka;
        }

        boolean started() {
            return restarter != null;
        }

        int step() {
            return step;
        }

        void begin(int atStep) {
            step = atStep;
            kafka.stop();
            // The trainers carry on meanwhile: their next epoch events go out while no broker answers.
            restarter = new Thread(() -> {
                try {
                    Thread.sleep(OUTAGE.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                kafka.restart();
            }, "broker-restarter");
            restarter.start();
        }

        void awaitEnd() throws InterruptedException {
            if (restarter != null) {
                restarter.join();
            }
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void createTopics(EmbeddedKafkaBroker kafka) {
        Map<String, Integer> plain = new LinkedHashMap<>();
        Topics.all().stream().filter(topic -> !topic.equals(Topics.FPT_STATS)).forEach(topic -> plain.put(topic, 1));
        List.of("reference.plateau", "reference.dlq").forEach(topic -> plain.put(topic, 1));
        kafka.createTopics(plain);
        kafka.createCompactedTopics(Map.of(Topics.FPT_STATS, 1, "reference.fpt_stats", 1));
    }

    private MonitorConfig monitorConfig(EmbeddedKafkaBroker kafka, String applicationId, String stateDir,
            Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>();
        settings.put(MonitorConfig.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
        settings.put(MonitorConfig.APPLICATION_ID.key(), applicationId);
        settings.put(MonitorConfig.STATE_DIR.key(), dir.resolve(stateDir).toString());
        settings.put(MonitorConfig.METRIC.key(), "test_acc");
        settings.put(MonitorConfig.TARGETS.key(), Double.toString(PlateauProcess.TARGET));
        settings.put(MonitorConfig.STATISTICS_INTERVAL.key(), "100ms");
        settings.put(MonitorConfig.BOOTSTRAP_RESAMPLES.key(), "100");
        settings.put("streams.commit.interval.ms", "100");
        settings.putAll(extra);
        return new MonitorConfig(settings);
    }

    private static ControllerConfig controllerConfig(EmbeddedKafkaBroker kafka) {
        return new ControllerConfig(Map.of(
                ControllerConfig.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers(),
                ControllerConfig.CONTROLLER_ID.key(), "outage-controller",
                ControllerConfig.EXPERIMENTS.key(), EXPERIMENT,
                ControllerConfig.TARGET.key(), Double.toString(PlateauProcess.TARGET),
                ControllerConfig.COMMAND_LEAD_EPOCHS.key(), "2",
                ControllerConfig.HOLDOUT_SHARE.key(), "0.25",
                ControllerConfig.COMMAND_KEY, KEY.asText()));
    }

    /** {@link #FIRST_RUNS} runs from the first step, then {@link #LATER_RUNS} more, one every 2 steps from step 6. */
    private static List<SimulatedTrainers.RunSpec> population() {
        List<SimulatedTrainers.RunSpec> specs = new ArrayList<>();
        for (int i = 0; i < FIRST_RUNS + LATER_RUNS; i++) {
            int start = i < FIRST_RUNS ? 1 : 6 + 2 * (i - FIRST_RUNS);
            specs.add(new SimulatedTrainers.RunSpec(String.format("%s-%02d", EXPERIMENT, i + 1), start, MAX_EPOCHS));
        }
        return specs;
    }

    private static void awaitRunning(MonitorApp monitor) throws InterruptedException {
        if (!monitor.awaitRunning(PATIENCE)) {
            throw new AssertionError("the monitor did not start: " + monitor.state());
        }
    }

    /** The experiment once the monitor holds all {@code epochs} and has analysed every one of them. */
    private static ExperimentView analysedWithEveryEpoch(MonitorApp monitor, long epochs) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Optional<ExperimentView> last = Optional.empty();
        while (System.nanoTime() < deadline) {
            try {
                last = monitor.queries().experiment(EXPERIMENT);
                if (last.filter(v -> v.epochs() == epochs && !v.pending() && !v.stats().isEmpty()).isPresent()) {
                    return last.get();
                }
            } catch (QueriesUnavailableException notYet) {
                // starting, rebalancing or restoring
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the monitor did not analyse all " + epochs + " epochs; last seen " + last);
    }
}
