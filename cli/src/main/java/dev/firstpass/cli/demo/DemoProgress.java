package dev.firstpass.cli.demo;

import dev.firstpass.controller.ControllerApp;
import dev.firstpass.controller.policy.ExperimentStatus;
import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.monitor.MonitorApp;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.StringJoiner;

/** The demo's live status line on stderr: runs, epochs, the controller's phase and the monitor's prediction. */
final class DemoProgress {

    private final PrintWriter err;
    private final String experiment;
    private final int runs;
    private final RunLog log;
    private final DemoStack stack;
    private final long startNanos = System.nanoTime();

    DemoProgress(PrintWriter err, String experiment, int runs, RunLog log, DemoStack stack) {
        this.err = err;
        this.experiment = experiment;
        this.runs = runs;
        this.log = log;
        this.stack = stack;
    }

    void print() {
        StringJoiner epochs = new StringJoiner(", ");
        log.running().forEach((run, epoch) -> epochs.add(run + " @" + epoch));
        err.printf(Locale.ROOT, "[%3ds] runs %d/%d started, %d finished; training: %s%n",
                (System.nanoTime() - startNanos) / 1_000_000_000L, log.started(), runs, log.finished(),
                epochs.length() == 0 ? "-" : epochs);
        err.printf(Locale.ROOT, "       controller: %s; monitor: %s%n", controllerLine(stack.controller()),
                monitorLine(stack.monitor()));
        err.flush();
    }

    private String controllerLine(ControllerApp controller) {
        return controller.status().stream().filter(s -> s.experiment().equals(experiment)).findFirst()
                .map(ExperimentStatus::summary).orElse("observe (no runs yet)");
    }

    private String monitorLine(MonitorApp monitor) {
        return baseline(monitor, experiment).map(DemoProgress::describe).orElse("no statistics yet");
    }

    static Optional<FptStats> baseline(MonitorApp monitor, String experiment) {
        try {
            return monitor.queries().experiment(experiment).flatMap(view -> view.stats().stream()
                    .filter(s -> "baseline".equals(s.arm())).findFirst());
        } catch (RuntimeException storesNotReady) {
            // The stores come and go with rebalances; the next line will have them.
            return Optional.empty();
        }
    }

    private static String describe(FptStats stats) {
        String mfpt = stats.mfpt() == null ? "n/a" : String.format(Locale.ROOT, "%.1f", stats.mfpt());
        String tauStar = stats.tauStar() == null ? "n/a"
                : stats.tauStar() + " [" + stats.tauStarLow() + ", " + stats.tauStarHigh() + "]";
        return String.format(Locale.ROOT, "baseline %d runs (%d censored), MFPT %s%s, tau* %s", stats.runs(),
                stats.censored(), mfpt, stats.mfptIsLowerBound() ? "+" : "", tauStar);
    }

}
