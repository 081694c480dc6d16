package dev.firstpass.cli.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.broker.BrokerSettings;
import dev.firstpass.broker.EmbeddedKafkaBroker;
import dev.firstpass.cli.monitor.Await;
import dev.firstpass.controller.loop.MonitorLag;
import dev.firstpass.controller.loop.PlateauProcess;
import dev.firstpass.controller.loop.SimulatedTrainers;
import dev.firstpass.controller.loop.TickClock;
import dev.firstpass.controller.loop.TopicReader;
import dev.firstpass.core.protocol.Decision;
import dev.firstpass.core.protocol.DecisionType;
import dev.firstpass.core.protocol.ProtocolJson;
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
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A controller process killed with SIGKILL while it commands a live experiment, and a replacement with
 * the same controller id: no command is lost or sent twice, each command travels with its decision,
 * and the decisions stay numbered without a gap across the two processes.
 */
class ControllerKillTest {

    static {
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }

    private static final String EXPERIMENT = "crash-loop";
    private static final String CONTROLLER_ID = "crash-controller";
    private static final String MONITOR_ID = "crash-loop-monitor";
    private static final Duration LISTEN = Duration.ofMillis(100);
    private static final TickClock CLOCK = new TickClock(Instant.parse("2025-02-06T12:00:00Z"));

    @TempDir
    Path dir;

    @Test
    void aControllerKilledWhileCommandingIsReplacedWithoutALostOrDuplicateCommand() throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral());
                Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            Map<String, Integer> plain = new LinkedHashMap<>();
            Topics.all().stream().filter(topic -> !topic.equals(Topics.FPT_STATS)).forEach(t -> plain.put(t, 1));
            kafka.createTopics(plain);
            kafka.createCompactedTopics(Map.of(Topics.FPT_STATS, 1));
            List<FirstPassProcess> controllers = new ArrayList<>();
            try (MonitorApp monitor = MonitorApp.start(monitorConfig(kafka), CLOCK);
                    SimulatedTrainers early = new SimulatedTrainers(kafka.bootstrapServers(), EXPERIMENT,
                            population("early", 16, 30), 7L, CLOCK, null);
                    SimulatedTrainers late = new SimulatedTrainers(kafka.bootstrapServers(), EXPERIMENT,
                            population("late", 8, 10), 8L, CLOCK, null)) {
                controllers.add(FirstPassProcess.start("controller-killed", dir, controllerArguments(kafka)));
                BooleanSupplier caughtUp = () -> MonitorLag.caughtUp(admin, MONITOR_ID);
                int[] killedAt = {0};
                int[] committedAtKill = {0};
                early.run(LISTEN, caughtUp, step -> {
                    controllers.get(0).requireAlive();
                    if (commands(kafka).isEmpty()) {
                        return false;
                    }
                    killedAt[0] = step;
                    committedAtKill[0] = killAndReplace(controllers, kafka);
                    return true;
                });
                assertThat(killedAt[0]).as("the step of the kill: a command went out before the runs ended")
                        .isPositive();
                // Runs that start after the kill, so the replacement has runs of its own to decide on,
                // however late on a busy machine the first controller sent its first command.
                late.run(LISTEN, caughtUp, step -> false);
                early.run(LISTEN, caughtUp, step -> false);
                // Everything the replacement will decide about runs that all finished.
                List<Decision> decisions = Await.stable("the decision trail", () -> Optional.of(decisions(kafka)));

                // The replacement took over: the runs that started after the kill have decisions, all its own.
                assertThat(decisions).as("decisions; %d when the first controller was killed; the replacement's"
                        + " output:%n%s", committedAtKill[0], controllers.get(1).output())
                        .filteredOn(d -> d.runId() != null && d.runId().startsWith(EXPERIMENT + "-late-"))
                        .isNotEmpty().allMatch(d -> d.sequence() > committedAtKill[0]);
                assertThat(decisions).extracting(Decision::sequence)
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, decisions.size()).boxed().toList());
                List<String> commandIds = commands(kafka).stream().map(TopicReader.Entry::ceId).toList();
                List<String> issued = decisions.stream().filter(d -> d.type() == DecisionType.COMMAND_ISSUED)
                        .map(Decision::commandId).toList();
                assertThat(commandIds).doesNotHaveDuplicates().containsExactlyElementsOf(issued);
                assertThat(early.duplicatesIgnored() + late.duplicatesIgnored()).isZero();
                assertThat(early.commandsAccepted() + late.commandsAccepted()).isPositive();

                // Whether the kill fell inside a transaction: its records are on the topics but never committed.
                try (KafkaProbe probe = new KafkaProbe(kafka)) {
                    Set<String> audit = Set.of(Topics.DECISIONS, Topics.COMMANDS);
                    int aborted = probe.readAll(audit, "read_uncommitted").size()
                            - probe.readAll(audit, "read_committed").size();
                    System.out.printf("controller killed at step %d with %d decisions committed; %d records of an"
                            + " aborted transaction; %d decisions and %d commands in all, %d taken on by a run;"
                            + " refusals %s%n", killedAt[0], committedAtKill[0], aborted, decisions.size(),
                            commandIds.size(), early.commandsAccepted() + late.commandsAccepted(), early.refusals());
                    assertThat(aborted).isNotNegative();
                }
            } finally {
                for (FirstPassProcess controller : controllers) {
                    controller.close();
                }
            }
        }
    }

    /** Kills the controller, starts its replacement; returns the decisions committed in between. */
    private int killAndReplace(List<FirstPassProcess> controllers, EmbeddedKafkaBroker kafka) {
        try {
            controllers.get(0).kill();
            int committed = decisions(kafka).size();
            FirstPassProcess replacement = FirstPassProcess.start("controller-replacement", dir,
                    controllerArguments(kafka));
            controllers.add(replacement);
            // Training waits for the replacement as an epoch outlasts a restart: it has runs left to decide on.
            Await.present("the replacement live", () -> {
                replacement.requireAlive();
                return Optional.of(replacement.output()).filter(output -> output.contains("controller ready"));
            });
            return committed;
        } catch (Exception e) {
            throw new AssertionError("could not kill and replace the controller", e);
        }
    }

    private static List<String> controllerArguments(EmbeddedKafkaBroker kafka) {
        return List.of("controller", "--quiet", "--bootstrap-servers=" + kafka.bootstrapServers(),
                "--controller-id=" + CONTROLLER_ID, "--experiments=" + EXPERIMENT,
                "--target=" + PlateauProcess.TARGET, "--lead-epochs=2", "--holdout-share=0.25",
                "--experiment-retention=0s");
    }

    private MonitorConfig monitorConfig(EmbeddedKafkaBroker kafka) {
        Map<String, String> settings = new HashMap<>();
        settings.put(MonitorConfig.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
        settings.put(MonitorConfig.APPLICATION_ID.key(), MONITOR_ID);
        settings.put(MonitorConfig.STATE_DIR.key(), dir.resolve("monitor").toString());
        settings.put(MonitorConfig.METRIC.key(), "test_acc");
        settings.put(MonitorConfig.TARGETS.key(), Double.toString(PlateauProcess.TARGET));
        settings.put(MonitorConfig.STATISTICS_INTERVAL.key(), "100ms");
        settings.put(MonitorConfig.BOOTSTRAP_RESAMPLES.key(), "100");
        settings.put("streams.commit.interval.ms", "100");
        return new MonitorConfig(settings);
    }

    /** {@code runs} runs named {@code <experiment>-<group>-NN}, all starting at their trainers' first step. */
    private static List<SimulatedTrainers.RunSpec> population(String group, int runs, int epochs) {
        List<SimulatedTrainers.RunSpec> specs = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            specs.add(new SimulatedTrainers.RunSpec(String.format("%s-%s-%02d", EXPERIMENT, group, i), 1, epochs));
        }
        return specs;
    }

    private static List<Decision> decisions(EmbeddedKafkaBroker kafka) {
        return TopicReader.readAll(kafka.bootstrapServers(), Topics.DECISIONS).stream()
                .map(entry -> ProtocolJson.parseDecision(entry.value())).toList();
    }

    private static List<TopicReader.Entry> commands(EmbeddedKafkaBroker kafka) {
        return TopicReader.readAll(kafka.bootstrapServers(), Topics.COMMANDS);
    }
}
