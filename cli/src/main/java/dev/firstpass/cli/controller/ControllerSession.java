package dev.firstpass.cli.controller;

import dev.firstpass.cli.ExitCodes;
import dev.firstpass.cli.UntilStopped;
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
        try (UntilStopped until = UntilStopped.onCtrlC("firstpass-controller", Duration.ofSeconds(30))) {
            return run(app, until);
        }
    }

    private int run(ControllerApp app, UntilStopped until) {
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
                if (until.awaitStop(TICK)) {
                    return stopped(app);
                }
                if (!quiet && System.nanoTime() >= nextStatus) {
                    statusLines(app.status()).forEach(err::println);
                    err.flush();
                    nextStatus += statusEvery.toNanos();
                }
            }
            return failed(app);
        } catch (InterruptedException e) {
            int code = stopped(app);
            Thread.currentThread().interrupt();
            return code;
        } finally {
            app.close();
        }
    }

    private int stopped(ControllerApp app) {
        app.close();
        out.println("controller stopped");
        out.flush();
        return ExitCodes.OK;
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
