package dev.firstpass.cli.demo;

import dev.firstpass.broker.BrokerSettings;
import dev.firstpass.broker.EmbeddedKafkaBroker;
import dev.firstpass.cli.broker.FirstPassTopics;
import dev.firstpass.controller.ControllerApp;
import dev.firstpass.controller.ControllerConfig;
import dev.firstpass.core.protocol.PerturbationKind;
import dev.firstpass.core.protocol.signing.CommandKey;
import dev.firstpass.monitor.MonitorApp;
import dev.firstpass.monitor.MonitorConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The broker, monitor and controller of the demo, started together in this JVM and closed in reverse order.
 */
final class DemoStack implements AutoCloseable {

    private static final int PARTITIONS = 3;
    private static final Duration STARTUP = Duration.ofSeconds(90);

    private final EmbeddedKafkaBroker broker;
    private MonitorApp monitor;
    private ControllerApp controller;

    private DemoStack(EmbeddedKafkaBroker broker) {
        this.broker = broker;
    }

    /**
     * Starts everything for {@code experiment} with {@code target} on test accuracy; state goes under
     * {@code dir}, and the controller signs its commands with {@code commandKey}.
     */
    static DemoStack start(String experiment, double target, int minRuns, Path dir, CommandKey commandKey)
            throws InterruptedException {
        DemoStack stack = new DemoStack(EmbeddedKafkaBroker.start(
                BrokerSettings.ephemeral().withDefaultPartitions(PARTITIONS)));
        try {
            stack.createTopics();
            stack.startMonitor(target, minRuns, dir);
            stack.startController(experiment, target, minRuns, commandKey);
            return stack;
        } catch (RuntimeException | InterruptedException e) {
            stack.close();
            throw e;
        }
    }

    private void createTopics() {
        FirstPassTopics.create(broker, PARTITIONS);
    }

    private void startMonitor(double target, int minRuns, Path dir) throws InterruptedException {
        Map<String, String> settings = new HashMap<>();
        settings.put(MonitorConfig.BOOTSTRAP_SERVERS.key(), broker.bootstrapServers());
        settings.put(MonitorConfig.APPLICATION_ID.key(), "firstpass-demo-monitor");
        settings.put(MonitorConfig.STATE_DIR.key(), dir.resolve("monitor-state").toString());
        settings.put(MonitorConfig.METRIC.key(), DemoCommand.METRIC);
        settings.put(MonitorConfig.DIRECTION.key(), "max");
        settings.put(MonitorConfig.TARGETS.key(), Double.toString(target));
        settings.put(MonitorConfig.PERTURBATION.key(), PerturbationKind.FULL_RESET.wireName());
        // Short runs: statistics every second so the controller's decisions land within an epoch or two.
        settings.put(MonitorConfig.STATISTICS_INTERVAL.key(), "1000ms");
        settings.put(MonitorConfig.BOOTSTRAP_RESAMPLES.key(), "200");
        settings.put(MonitorConfig.QSS_MIN_RUNS.key(), Integer.toString(minRuns));
        settings.put(MonitorConfig.STREAMS_PREFIX + "commit.interval.ms", "200");
        monitor = MonitorApp.start(new MonitorConfig(settings), Clock.systemUTC());
        if (!monitor.awaitRunning(STARTUP)) {
            throw new IllegalStateException("the monitor did not start: " + monitor.state());
        }
    }

    private void startController(String experiment, double target, int minRuns, CommandKey commandKey)
            throws InterruptedException {
        Map<String, String> settings = new HashMap<>();
        settings.put(ControllerConfig.BOOTSTRAP_SERVERS.key(), broker.bootstrapServers());
        settings.put(ControllerConfig.CONTROLLER_ID.key(), "firstpass-demo-controller");
        settings.put(ControllerConfig.EXPERIMENTS.key(), experiment);
        settings.put(ControllerConfig.TARGET.key(), Double.toString(target));
        settings.put(ControllerConfig.MIN_RUNS.key(), Integer.toString(minRuns));
        settings.put(ControllerConfig.BASELINE_RUNS.key(), Integer.toString(minRuns));
        // Restarts: a full reset's effect at every period is predicted from the unperturbed runs alone, so
        // the probe needs few runs and the baseline as many as it can get.
        settings.put(ControllerConfig.PERTURBATION.key(), PerturbationKind.FULL_RESET.wireName());
        settings.put(ControllerConfig.PROBE_SHARE.key(), "0.2");
        // Runs are a few dozen epochs long; the defaults (10, step 5) are sized for CIFAR.
        settings.put(ControllerConfig.PROBE_MIN_PERIOD.key(), "4");
        settings.put(ControllerConfig.PROBE_PERIOD_STEP.key(), "2");
        settings.put(ControllerConfig.COMMAND_LEAD_EPOCHS.key(), "2");
        // Statistics come every second and a baseline of a few dozen runs moves with each one: twenty updates
        // in a row, not three, before a decision is undone.
        settings.put(ControllerConfig.HYSTERESIS_UPDATES.key(), "20");
        // The key never leaves this process: the text form only carries it into the configuration map.
        settings.put(ControllerConfig.COMMAND_KEY, commandKey.asText());
        controller = ControllerApp.start(new ControllerConfig(settings), Clock.systemUTC());
        if (!controller.awaitLive(STARTUP)) {
            throw new IllegalStateException("the controller did not start");
        }
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    MonitorApp monitor() {
        return monitor;
    }

    ControllerApp controller() {
        return controller;
    }

    /** Stops the controller and the monitor, leaving the broker up to read their output. */
    void stopApps() {
        if (controller != null) {
            controller.close();
        }
        if (monitor != null) {
            monitor.close();
        }
    }

    @Override
    public void close() {
        stopApps();
        broker.close();
    }
}
