package dev.firstpass.benchmarks;

import dev.firstpass.broker.BrokerSettings;
import dev.firstpass.broker.EmbeddedKafkaBroker;
import dev.firstpass.controller.ControllerApp;
import dev.firstpass.controller.ControllerConfig;
import dev.firstpass.controller.loop.MonitorLag;
import dev.firstpass.controller.loop.PlateauProcess;
import dev.firstpass.controller.loop.SimulatedTrainers;
import dev.firstpass.controller.loop.TickClock;
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
import org.apache.kafka.clients.admin.Admin;

/**
 * The whole loop in one JVM, as the soak run and the loop latency benchmark drive it: the in-process
 * broker (127.0.0.1), the real monitor and controller (every experiment, commands signed), and simulated
 * trainers of the closed-loop tests that speak the real wire protocol and verify every command.
 */
final class ClosedLoop implements AutoCloseable {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final String applicationId;
    /** The controller signs with it; the simulated trainers verify with it. */
    private final CommandKey key;
    private final TickClock clock = new TickClock(Instant.parse("2025-06-01T00:00:00Z"));
    private EmbeddedKafkaBroker kafka;
    private MonitorApp monitor;
    private ControllerApp controller;
    private Admin admin;

    private ClosedLoop(String name) {
        this.applicationId = name + "-monitor";
        this.key = CommandKey.generate(name, new SecureRandom());
    }

    /**
     * Starts the broker (data under {@code dir/broker}), the monitor (state under {@code dir/monitor-state},
     * analysing every {@code statistics}) and the controller, and waits until both are live.
     *
     * @param name names the monitor's application id, the controller and the signing key
     */
    static ClosedLoop start(String name, Path dir, Duration statistics) throws InterruptedException {
        ClosedLoop loop = new ClosedLoop(name);
        try {
            loop.startParts(name, dir, statistics);
            return loop;
        } catch (RuntimeException | InterruptedException e) {
            loop.close();
            throw e;
        }
    }

    private void startParts(String name, Path dir, Duration statistics) throws InterruptedException {
        kafka = EmbeddedKafkaBroker.start(BrokerSettings.persistentAt(dir.resolve("broker"), 0));
        Map<String, Integer> plain = new LinkedHashMap<>();
        Topics.all().stream().filter(topic -> !topic.equals(Topics.FPT_STATS)).forEach(topic -> plain.put(topic, 1));
        kafka.createTopics(plain);
        kafka.createCompactedTopics(Map.of(Topics.FPT_STATS, 1));
        Map<String, String> settings = new HashMap<>();
        settings.put(MonitorConfig.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
        settings.put(MonitorConfig.APPLICATION_ID.key(), applicationId);
        settings.put(MonitorConfig.STATE_DIR.key(), dir.resolve("monitor-state").toString());
        settings.put(MonitorConfig.METRIC.key(), "test_acc");
        settings.put(MonitorConfig.TARGETS.key(), Double.toString(PlateauProcess.TARGET));
        settings.put(MonitorConfig.STATISTICS_INTERVAL.key(), statistics.toMillis() + "ms");
        settings.put(MonitorConfig.BOOTSTRAP_RESAMPLES.key(), "100");
        settings.put("streams.commit.interval.ms", "100");
        monitor = MonitorApp.start(new MonitorConfig(settings), clock);
        admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
        if (!monitor.awaitRunning(PATIENCE)) {
            throw new IllegalStateException("the monitor did not start: " + monitor.state());
        }
        // Every experiment, as a deployment would run it; the settings are the closed-loop test's.
        controller = ControllerApp.start(new ControllerConfig(Map.of(
                ControllerConfig.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers(),
                ControllerConfig.CONTROLLER_ID.key(), name + "-controller",
                ControllerConfig.TARGET.key(), Double.toString(PlateauProcess.TARGET),
                ControllerConfig.COMMAND_LEAD_EPOCHS.key(), "2",
                ControllerConfig.HOLDOUT_SHARE.key(), "0.25",
                // Ten simulated minutes (about two of wall time): finished experiments are forgotten within
                // a long run, so the controller's heap must level off rather than grow with every experiment.
                ControllerConfig.EXPERIMENT_RETENTION.key(), Duration.ofMinutes(10).toMillis() + "ms",
                ControllerConfig.COMMAND_KEY, key.asText())), clock);
        if (!controller.awaitLive(PATIENCE)) {
            throw new IllegalStateException("the controller did not start", controller.failure().orElse(null));
        }
    }

    /** Trainers for one experiment's {@code population}, verifying every command with the controller's key. */
    SimulatedTrainers trainers(String experiment, List<SimulatedTrainers.RunSpec> population, long seed) {
        return new SimulatedTrainers(kafka.bootstrapServers(), experiment, population, seed, clock,
                CommandVerifier.of(CommandKeyRing.of(key), CommandVerifier.DEFAULT_WINDOW, clock));
    }

    /**
     * Population as in the closed-loop test: three fifths of the runs start at the first step, the rest
     * one every two steps from step 6, so the monitor sees runs join an experiment under way.
     */
    static List<SimulatedTrainers.RunSpec> population(String experiment, int runs, int epochs) {
        int first = runs * 3 / 5;
        List<SimulatedTrainers.RunSpec> specs = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            int start = i < first ? 1 : 6 + 2 * (i - first);
            specs.add(new SimulatedTrainers.RunSpec(String.format(Locale.ROOT, "%s-%02d", experiment, i + 1), start,
                    epochs));
        }
        return specs;
    }

    /** Whether the monitor has committed every epoch event published so far. */
    boolean monitorCaughtUp() {
        return monitorLag() == 0;
    }

    /** Epoch events published and not yet committed by the monitor; -1 when the broker cannot say. */
    long monitorLag() {
        return MonitorLag.of(admin, applicationId);
    }

    EmbeddedKafkaBroker kafka() {
        return kafka;
    }

    MonitorApp monitor() {
        return monitor;
    }

    ControllerApp controller() {
        return controller;
    }

    @Override
    public void close() {
        for (AutoCloseable part : new AutoCloseable[] {admin, controller, monitor, kafka}) {
            if (part != null) {
                try {
                    part.close();
                } catch (Exception e) {
                    System.out.println("closing " + part.getClass().getSimpleName() + " failed: " + e);
                }
            }
        }
    }
}
