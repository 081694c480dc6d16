package dev.firstpass.controller;

import dev.firstpass.controller.policy.ExperimentStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running controller: one thread that follows the input topics and publishes decisions and
 * commands, until {@link #close()}.
 */
public final class ControllerApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControllerApp.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final ControllerLoop loop;
    private final Thread thread;

    private ControllerApp(ControllerLoop loop, Thread thread) {
        this.loop = loop;
        this.thread = thread;
    }

    /**
     * Validates {@code config}, then starts the controller; returns at once. The controller takes its
     * decisions back from the audit trail and catches up with the inputs before deciding anything.
     *
     * @param clock stamps decisions and commands
     * @throws ControllerConfigException when the configuration is not usable
     */
    public static ControllerApp start(ControllerConfig config, Clock clock) {
        config.validate();
        if (config.commandSigner().isPresent()) {
            LOG.info("controller {} signs its commands with key {}", config.controllerId(),
                    config.commandSigner().get().keyId());
        } else if (!config.policy().dryRun()) {
            LOG.warn("controller {} sends its commands unsigned: trainers cannot tell them from forged ones; give it"
                    + " a command key (firstpass controller --command-key or FIRSTPASS_COMMAND_KEY; docs/security.md)",
                    config.controllerId());
        }
        ControllerLoop loop = new ControllerLoop(config, clock);
        Thread thread = new Thread(loop, "firstpass-controller-" + config.controllerId());
        thread.start();
        return new ControllerApp(loop, thread);
    }

    /**
     * Waits until the controller has caught up with its inputs and decides on each change.
     *
     * @return false when the time ran out or the controller failed (see {@link #failure()})
     */
    public boolean awaitLive(Duration timeout) throws InterruptedException {
        return loop.awaitLive(timeout);
    }

    /** Where each experiment stands, as of the last loop. */
    public List<ExperimentStatus> status() {
        return loop.status();
    }

    /** Commands published since start (dry-run publishes none). */
    public long commandsSent() {
        return loop.commandsSent();
    }

    /** Input records skipped because they could not be read. */
    public long unreadableRecords() {
        return loop.unreadableRecords();
    }

    /** Experiments forgotten because all their runs finished and they stayed quiet for the retention. */
    public int retiredExperiments() {
        return loop.retiredExperiments();
    }

    /** Why the controller stopped on its own, if it did. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(loop.failure());
    }

    public boolean isRunning() {
        return loop.running();
    }

    /** Stops the loop and waits for it, so that a successor can take over at once. */
    @Override
    public void close() {
        loop.stop();
        try {
            if (!loop.awaitStopped(CLOSE_TIMEOUT)) {
                thread.interrupt();
            }
            thread.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
