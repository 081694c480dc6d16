package dev.firstpass.cli.demo;

import dev.firstpass.controller.ControllerApp;
import dev.firstpass.controller.policy.ExperimentStatus;
import dev.firstpass.core.protocol.Decision;
import dev.firstpass.core.protocol.DecisionType;
import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.core.protocol.Phase;
import dev.firstpass.monitor.MonitorApp;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The demo's console: a status line every few seconds (runs, the controller's phase, the monitor's
 * prediction) and a line the moment the controller changes phase, saying what it decided and why.
 */
final class DemoProgress {

    private final PrintWriter err;
    private final String experiment;
    private final int runs;
    private final RunLog log;
    private final DemoStack stack;
    private final long startNanos;
    private Phase lastPhase = Phase.OBSERVE;
    private Integer lastTau;

    DemoProgress(PrintWriter err, String experiment, int runs, RunLog log, DemoStack stack, long startNanos) {
        this.err = err;
        this.experiment = experiment;
        this.runs = runs;
        this.log = log;
        this.stack = stack;
        this.startNanos = startNanos;
    }

    /** One line of its own, stamped with the seconds since the demo started. */
    synchronized void say(String message) {
        err.printf(Locale.ROOT, "[%3ds] %s%n", (System.nanoTime() - startNanos) / 1_000_000_000L, message);
        err.flush();
    }

    synchronized void print() {
        Optional<ExperimentStatus> status = status(stack.controller());
        say(String.format(Locale.ROOT, "runs %d/%d started, %d finished, %d kicks; %s; monitor: %s", log.started(),
                runs, log.finished(), log.kicks(), status.map(DemoProgress::phaseText).orElse("observe"),
                monitorLine(stack.monitor())));
    }

    /** Says so when the controller has changed phase or period since the last look. */
    synchronized void watchPhase() {
        Optional<ExperimentStatus> status = status(stack.controller());
        if (status.isEmpty()) {
            return;
        }
        ExperimentStatus s = status.get();
        Integer tau = s.phase() == Phase.EXPLOIT ? s.tauStar() : s.tau0();
        if (s.phase() == lastPhase && java.util.Objects.equals(tau, lastTau)) {
            return;
        }
        String change = switch (s.phase()) {
            case PROBE -> lastPhase == Phase.EXPLOIT ? "controller: exploit -> probe: " + latestReason()
                    : "controller: observe -> probe: " + latestReason();
            case EXPLOIT -> (lastPhase == Phase.EXPLOIT ? "controller: tau* now " : "controller: probe -> exploit at"
                    + " tau* ") + s.tauStar() + " [" + s.tauStarLow() + ", " + s.tauStarHigh() + "]: "
                    + latestReason();
            default -> "controller: " + s.phase().wireName();
        };
        lastPhase = s.phase();
        lastTau = tau;
        say(change);
    }

    /** The reason the controller gave for its latest change of phase or period, in its words. */
    private String latestReason() {
        List<Decision> decisions = DecisionReader.readAll(stack.bootstrapServers(), experiment);
        for (int i = decisions.size() - 1; i >= 0; i--) {
            Decision d = decisions.get(i);
            if (d.type() == DecisionType.PHASE_CHANGED || d.type() == DecisionType.TAU_CHANGED) {
                return d.reason();
            }
        }
        return "";
    }

    private Optional<ExperimentStatus> status(ControllerApp controller) {
        return controller.status().stream().filter(s -> s.experiment().equals(experiment)).findFirst();
    }

    private static String phaseText(ExperimentStatus s) {
        return switch (s.phase()) {
            case OBSERVE -> "observe";
            case PROBE -> "probe every " + s.tau0();
            case EXPLOIT -> "exploit every " + s.tauStar();
        } + ", " + s.commands() + (s.commands() == 1 ? " command" : " commands");
    }

    private String monitorLine(MonitorApp monitor) {
        return stats(monitor, experiment).stream().filter(s -> "baseline".equals(s.arm())).findFirst()
                .map(DemoProgress::describe).orElse("no statistics yet");
    }

    static List<FptStats> stats(MonitorApp monitor, String experiment) {
        try {
            return monitor.queries().experiment(experiment).map(view -> view.stats()).orElse(List.of());
        } catch (RuntimeException storesNotReady) {
            // The stores come and go with rebalances; the next line will have them.
            return List.of();
        }
    }

    private static String describe(FptStats stats) {
        String mfpt = stats.mfpt() == null ? "unbounded" : String.format(Locale.ROOT, "%.1f", stats.mfpt());
        String qss = stats.tQss() == null ? "not steady yet" : "steady from epoch " + stats.tQss();
        return String.format(Locale.ROOT, "baseline %d runs, %d not at the target, %s, mean time %s%s", stats.runs(),
                stats.censored(), qss, mfpt, stats.mfptIsLowerBound() ? "+" : "");
    }
}
