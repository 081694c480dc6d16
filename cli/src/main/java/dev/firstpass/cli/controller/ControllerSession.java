package dev.firstpass.cli.controller;

import dev.firstpass.cli.ExitCodes;
import dev.firstpass.controller.ControllerApp;
import dev.firstpass.controller.ControllerConfig;
import dev.firstpass.controller.policy.ExperimentStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One run of {@code firstpass controller}: waits until the controller has caught up, says it is ready,
 * prints a status line now and then, and stops it on Ctrl-C (or when the command thread is interrupted).
 */
final class ControllerSession {

    private static final Duration TICK = Duration.ofMillis(200);
    private static final String PREFIX = "firstpass controller: ";

    private final ControllerConfig config;
    private final Duration statusEvery;
    private final boolean quiet;
    private final PrintWriter out;
    private final PrintWriter err;

    ControllerSession(ControllerConfig config, Duration statusEvery, boolean quiet, PrintWriter out, PrintWriter err) {
        this.config = config;
        this.statusEvery = statusEvery;
        this.quiet = quiet;
        this.out = out;
        this.err = err;
    }

    int run(ControllerApp app) {
        Thread stopOnExit = new Thread(app::close, "firstpass-controller-shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            if (!awaitLive(app)) {
                return failed(app);
            }
            out.printf("controller ready: %s at %s, target %s, %s commands%s%s; Ctrl-C stops it%n",
                    config.experiments().isEmpty() ? "every experiment" : "experiments " + config.experiments(),
                    config.bootstrapServers(), config.policy().target(), config.policy().mode().wireName(),
                    config.commandSigner().map(signer -> " signed with key '" + signer.keyId() + "'").orElse(""),
                    config.policy().dryRun() ? " (dry run: none is sent)" : "");
            out.flush();
            long nextStatus = System.nanoTime() + statusEvery.toNanos();
            while (app.isRunning()) {
                Thread.sleep(TICK.toMillis());
                if (!quiet && System.nanoTime() >= nextStatus) {
                    statusLines(app.status()).forEach(err::println);
                    err.flush();
                    nextStatus += statusEvery.toNanos();
                }
            }
            return failed(app);
        } catch (InterruptedException e) {
            app.close();
            out.println("controller stopped");
            out.flush();
            Thread.currentThread().interrupt();
            return ExitCodes.OK;
        } finally {
            app.close();
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException alreadyShuttingDown) {
                // The JVM is exiting and the hook is running or has run; nothing left to undo.
            }
        }
    }

    /** One line per experiment: its phase, tau0, tau* with its interval, runs by role and commands. */
    static List<String> statusLines(List<ExperimentStatus> experiments) {
        if (experiments.isEmpty()) {
            return List.of(PREFIX + "no experiment seen yet");
        }
        return experiments.stream().map(status -> PREFIX + status.summary()).toList();
    }

    private static boolean awaitLive(ControllerApp app) throws InterruptedException {
        while (app.isRunning()) {
            if (app.awaitLive(TICK)) {
                return true;
            }
        }
        return false;
    }

    private int failed(ControllerApp app) {
        Optional<Throwable> failure = app.failure();
        err.println(PREFIX + "the controller stopped: "
                + failure.map(Throwable::getMessage).orElse("unknown reason"));
        err.flush();
        return ExitCodes.FAILURE;
    }
}
