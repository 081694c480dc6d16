package dev.firstpass.python;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firstpass.broker.BrokerSettings;
import dev.firstpass.broker.EmbeddedKafkaBroker;
import dev.firstpass.controller.ControllerApp;
import dev.firstpass.controller.ControllerConfig;
import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.Command;
import dev.firstpass.core.protocol.Decision;
import dev.firstpass.core.protocol.DecisionType;
import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.core.protocol.Phase;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.Schedule;
import dev.firstpass.core.protocol.Topics;
import dev.firstpass.core.protocol.signing.CommandKey;
import dev.firstpass.monitor.MonitorApp;
import dev.firstpass.monitor.MonitorConfig;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole loop with Python trainers: two processes of real PyTorch runs report through the Python client,
 * the Java monitor finds their quasi-steady state, the Java controller probes some of them with signed
 * periodic commands, and the Python runs verify, apply and acknowledge every kick at its scheduled epoch.
 */
class PythonClosedLoopTest {

    static {
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }

    private static final String EXPERIMENT = "pyloop";
    private static final double TARGET = 0.97;
    private static final int EPOCHS = 30;
    private static final int PARTITIONS = 3;
    private static final Duration STARTUP = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @BeforeAll
    static void requirePython() {
        PythonFleet.assumePythonWithTorchAndKafka();
    }

    @Test
    void pythonRunsAreObservedProbedAndKickedExactlyWhenTheControllerScheduled() throws Exception {
        CommandKey key = CommandKey.generate("loop", new SecureRandom());
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral())) {
            Map<String, Integer> topics = new LinkedHashMap<>();
            Topics.all().stream().filter(t -> !t.equals(Topics.FPT_STATS)).forEach(t -> topics.put(t, PARTITIONS));
            broker.createTopics(topics);
            broker.createCompactedTopics(Map.of(Topics.FPT_STATS, PARTITIONS));
            try (MonitorApp monitor = startMonitor(broker.bootstrapServers());
                    ControllerApp controller = ControllerApp.start(controllerConfig(broker.bootstrapServers(), key),
                            Clock.systemUTC())) {
                assertThat(controller.awaitLive(STARTUP)).isTrue();
                List<JsonNode> runs = new ArrayList<>();
                try (PythonFleet first = fleet(broker.bootstrapServers(), key, "a", 0);
                        PythonFleet second = fleet(broker.bootstrapServers(), key, "b", 100)) {
                    first.awaitSummary(Duration.ofMinutes(3)).forEach(runs::add);
                    second.awaitSummary(Duration.ofMinutes(3)).forEach(runs::add);
                }

                List<Decision> decisions = TopicRecords.readAll(broker.bootstrapServers(), Topics.DECISIONS).stream()
                        .map(record -> ProtocolJson.parseDecision(record.text())).toList();
                List<Command> commands = TopicRecords.readAll(broker.bootstrapServers(), Topics.COMMANDS).stream()
                        .map(record -> ProtocolJson.parseCommand(record.value())).toList();
                List<Ack> acks = TopicRecords.readAll(broker.bootstrapServers(), Topics.ACKS).stream()
                        .map(record -> ProtocolJson.parseAck(record.value())).toList();
                String story = story(decisions, runs);

                // The monitor read every Python record: none went to the dead-letter topic.
                assertThat(monitor.dlqCount()).as(story).isZero();
                // Observe, then probe: the controller saw the Python baseline settle and chose a period.
                Decision probe = decisions.stream().filter(d -> d.type() == DecisionType.PHASE_CHANGED
                        && d.phase() == Phase.PROBE).findFirst().orElseThrow(() -> new AssertionError(story));
                assertThat(commands).as(story).isNotEmpty().allSatisfy(command -> {
                    assertThat(command.arm()).isEqualTo("probe-" + probe.tau());
                    assertThat(((Schedule.Periodic) command.schedule()).every()).isEqualTo(probe.tau());
                });
                // Every command was signed in Java and verified in Python: nothing refused.
                assertThat(runs).as(story).allSatisfy(run -> assertThat(run.get("refusals")).isEmpty());
                assertThat(acks).as(story).allMatch(ack -> ack.status() == Ack.Status.APPLIED);
                // Each probed run was kicked after exactly the epochs its schedule names, from the first one it could
                // still make (a command that arrives after its from_epoch misses the firings before), and acked
                // each kick once.
                int kicks = 0;
                for (Command command : commands) {
                    Schedule.Periodic schedule = (Schedule.Periodic) command.schedule();
                    List<Integer> due = IntStream.iterate(schedule.fromEpoch(), e -> e < EPOCHS, e -> e + schedule.every())
                            .boxed().toList();
                    List<Integer> acked = acks.stream().filter(a -> a.commandId().equals(command.commandId()))
                            .map(Ack::epoch).toList();
                    JsonNode run = runs.stream().filter(r -> r.get("run_id").asText().equals(command.runId()))
                            .findFirst().orElseThrow();
                    List<Integer> kicked = new ArrayList<>();
                    run.get("kicks").forEach(k -> kicked.add(k.get(0).asInt()));
                    assertThat(acked).as(story).isNotEmpty().isEqualTo(kicked);
                    assertThat(acked).as(story).isEqualTo(due.subList(due.indexOf(acked.get(0)), due.size()));
                    assertThat(run.get("arm").asText()).isEqualTo(command.arm());
                    assertThat(run.get("weights_changed")).allMatch(JsonNode::asBoolean);
                    kicks += acked.size();
                }
                assertThat(kicks).as(story).isPositive();
                // The monitor placed the Python runs in the arm the controller assigned.
                assertThat(latestStats(broker.bootstrapServers()).keySet()).as(story).contains("probe-" + probe.tau());
                System.out.printf("python closed loop: t_QSS %d, tau0 %d, %d probe commands, %d kicks acked by %d"
                        + " Python runs%n", probe.evidence().tQss(), probe.tau(), commands.size(), kicks, runs.size());
            }
        }
    }

    private PythonFleet fleet(String bootstrapServers, CommandKey key, String name, int seedBase) {
        String runs = IntStream.range(0, 5).mapToObj(i -> EXPERIMENT + "-" + name + i).collect(Collectors.joining(","));
        return PythonFleet.start(dir, name, List.of("--bootstrap", bootstrapServers, "--experiment", EXPERIMENT,
                "--runs", runs, "--seed-base", Integer.toString(seedBase), "--epochs", Integer.toString(EPOCHS),
                "--epoch-seconds", "0.3", "--controllable"), Map.of("FIRSTPASS_COMMAND_KEYS", key.asText()));
    }

    private MonitorApp startMonitor(String bootstrapServers) throws InterruptedException {
        Map<String, String> settings = new HashMap<>();
        settings.put(MonitorConfig.BOOTSTRAP_SERVERS.key(), bootstrapServers);
        settings.put(MonitorConfig.APPLICATION_ID.key(), "python-loop-monitor");
        settings.put(MonitorConfig.STATE_DIR.key(), dir.resolve("monitor").toString());
        settings.put(MonitorConfig.METRIC.key(), "test_acc");
        settings.put(MonitorConfig.TARGETS.key(), Double.toString(TARGET));
        // Ten runs of thirty short epochs: a smaller ensemble and window than CIFAR-sized defaults.
        settings.put(MonitorConfig.QSS_MIN_RUNS.key(), "4");
        settings.put(MonitorConfig.QSS_WINDOW.key(), "4");
        settings.put(MonitorConfig.STATISTICS_INTERVAL.key(), "250ms");
        settings.put(MonitorConfig.BOOTSTRAP_RESAMPLES.key(), "50");
        settings.put(MonitorConfig.STREAMS_PREFIX + "commit.interval.ms", "100");
        MonitorApp monitor = MonitorApp.start(new MonitorConfig(settings), Clock.systemUTC());
        if (!monitor.awaitRunning(STARTUP)) {
            monitor.close();
            throw new AssertionError("the monitor did not start: " + monitor.state());
        }
        return monitor;
    }

    private static ControllerConfig controllerConfig(String bootstrapServers, CommandKey key) {
        return new ControllerConfig(Map.of(
                ControllerConfig.BOOTSTRAP_SERVERS.key(), bootstrapServers,
                ControllerConfig.CONTROLLER_ID.key(), "python-loop-controller",
                ControllerConfig.EXPERIMENTS.key(), EXPERIMENT,
                ControllerConfig.TARGET.key(), Double.toString(TARGET),
                ControllerConfig.MIN_RUNS.key(), "4",
                ControllerConfig.PROBE_SHARE.key(), "0.5",
                ControllerConfig.PROBE_MIN_PERIOD.key(), "3",
                ControllerConfig.PROBE_PERIOD_STEP.key(), "1",
                ControllerConfig.COMMAND_LEAD_EPOCHS.key(), "2",
                ControllerConfig.COMMAND_KEY, key.asText()));
    }

    private static Map<String, FptStats> latestStats(String bootstrapServers) {
        Map<String, FptStats> latest = new LinkedHashMap<>();
        for (TopicRecords.Entry record : TopicRecords.readAll(bootstrapServers, Topics.FPT_STATS)) {
            FptStats stats = ProtocolJson.parseFptStats(record.value());
            if (stats.experiment().equals(EXPERIMENT)) {
                latest.put(stats.arm(), stats);
            }
        }
        return latest;
    }

    /** What happened, for failure messages: the decisions in short and each Python run's summary. */
    private static String story(List<Decision> decisions, List<JsonNode> runs) {
        return "decisions: " + decisions.stream().map(d -> d.sequence() + " " + d.type().wireName()
                + (d.runId() == null ? "" : " " + d.runId()) + (d.arm() == null ? "" : " " + d.arm())
                + (d.tau() == null ? "" : " tau " + d.tau()) + ": " + d.reason()).toList() + "\nruns: " + runs;
    }
}
