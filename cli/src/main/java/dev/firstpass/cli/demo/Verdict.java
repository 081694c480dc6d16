package dev.firstpass.cli.demo;

import dev.firstpass.controller.policy.ExperimentStatus;
import dev.firstpass.core.protocol.Decision;
import dev.firstpass.core.protocol.DecisionType;
import dev.firstpass.core.protocol.Evidence;
import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.core.protocol.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the demo's loop decided and what it means, in plain words, with the numbers behind it: the
 * period adopted, the time to the target the monitor predicted for it, the time the runs kicked at
 * that period took, the time without kicks, and the share of the compute saved; or, when the loop did
 * not adopt a period, why not.
 *
 * @param outcome which of the three answers this is
 * @param tau the period adopted, or null
 * @param predicted the monitor's prediction at {@code tau} when it was adopted, or null
 * @param measured the runs kicked every {@code tau} epochs from their start, or null
 * @param saved the share of the baseline's mean time to the target saved, or null when unknown
 * @param lines the verdict in words, first line the headline
 */
record Verdict(Outcome outcome, Integer tau, Evidence predicted, Measured measured, Double saved, List<String> lines) {

    /** The three answers a demo can end with. */
    enum Outcome {
        /** A period was adopted: kicking at it reaches the target sooner. */
        PERTURB,
        /** The evidence says kicking does not help this workload. */
        KEEP_TRAINING,
        /** The loop ended before it could tell. */
        UNDECIDED
    }

    /** What the demo ran, for the verdict's words. */
    record Workload(double target, String metric, int epochs, String kick) {
    }

    static Verdict of(Workload workload, List<Decision> decisions, ExperimentStatus status, List<DemoRun> runs,
            List<FptStats> finalStats) {
        Optional<Decision> adopted = decisions.stream()
                .filter(d -> (d.type() == DecisionType.PHASE_CHANGED && d.phase() == Phase.EXPLOIT)
                        || d.type() == DecisionType.TAU_CHANGED)
                .reduce((first, second) -> second);
        if (adopted.isPresent() && adopted.get().tau() != null && adopted.get().evidence() != null) {
            return perturb(workload, adopted.get(), status, runs);
        }
        Optional<FptStats> probe = status == null || status.tau0() == null ? Optional.empty()
                : finalStats.stream().filter(s -> ("probe-" + status.tau0()).equals(s.arm())).findFirst();
        if (probe.isPresent() && probe.get().tauStar() != null && !probe.get().recommend()) {
            return keepTraining(workload, probe.get(), finalStats);
        }
        return undecided(status, finalStats, probe);
    }

    private static Verdict perturb(Workload w, Decision adoption, ExperimentStatus status, List<DemoRun> runs) {
        int tau = adoption.tau();
        Evidence e = adoption.evidence();
        List<List<Double>> kickedFromStart = runs.stream()
                .filter(run -> run.arm().equals("exploit-" + tau) && kickedEveryFromStart(run, tau))
                .map(DemoRun::accuracy).toList();
        Measured measured = kickedFromStart.isEmpty() ? null : Measured.of(kickedFromStart, w.target());
        List<DemoRun> baseline = runs.stream().filter(run -> run.arm().equals("baseline")).toList();
        long neverReached = baseline.stream()
                .filter(run -> run.accuracy().stream().noneMatch(value -> value >= w.target())).count();
        Double saved = measured != null && e.baselineMfpt() != null && !measured.lowerBound()
                ? 1.0 - measured.mean() / e.baselineMfpt() : null;
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "Verdict: %s every %d epochs (%s).", verb(w), tau, w.kick()));
        lines.add(String.format(Locale.ROOT, "  predicted  %s epochs to %s %s %s, when the controller adopted tau* %d"
                        + " [%s, %s] on the monitor's %s record", number(e.predictedMfpt()), w.metric(), target(w),
                interval(e.predictedLow(), e.predictedHigh()), tau, e.tauStarLow(), e.tauStarHigh(), e.statsArm()));
        if (measured == null) {
            lines.add("  measured   no run was kicked every " + tau + " epochs from its start before the demo ended");
        } else {
            lines.add(String.format(Locale.ROOT, "  measured   %s%s epochs %s on the %d runs kicked every %d epochs"
                            + " from their start (%d reached the target): %s", measured.lowerBound() ? "at least " : "",
                    number(measured.mean()), interval(measured.low(), measured.high()), measured.runs(), tau,
                    measured.reached(), agreement(e, measured)));
        }
        if (e.baselineMfpt() == null) {
            lines.add(String.format(Locale.ROOT, "  baseline   unbounded without kicks: %d of %d baseline runs never"
                    + " reached %s in %d epochs, and none did once the runs were steady", neverReached,
                    baseline.size(), target(w), w.epochs()));
        } else {
            lines.add(String.format(Locale.ROOT, "  baseline   %s epochs %s without kicks%s (%d of %d baseline runs"
                    + " never reached %s in %d epochs)", number(e.baselineMfpt()),
                    interval(e.baselineLow(), e.baselineHigh()), e.baselineIsLowerBound() ? ", a lower bound" : "",
                    neverReached, baseline.size(), target(w), w.epochs()));
        }
        if (saved != null) {
            String atLeast = e.baselineLow() == null || e.baselineLow() <= measured.mean() ? ""
                    : String.format(Locale.ROOT, " (%.0f%% against the low end of the baseline's interval)",
                            100 * (1.0 - measured.mean() / e.baselineLow()));
            lines.add(String.format(Locale.ROOT, "  saved      %.0f%% of the epochs a run needs to reach the target%s",
                    100 * saved, atLeast));
        } else if (measured != null && measured.lowerBound() && e.baselineMfpt() != null) {
            lines.add(String.format(Locale.ROOT, "  saved      up to %.0f%% of the epochs a run needs to reach the"
                    + " target (%d of the kicked runs never reached it, so their mean is a lower bound)",
                    100 * (1.0 - measured.mean() / e.baselineMfpt()), measured.runs() - measured.reached()));
        } else if (measured != null && e.baselineMfpt() == null) {
            lines.add(String.format(Locale.ROOT, "  saved      without kicks a run may never get there; with a kick"
                    + " every %d epochs %d of %d did", tau, measured.reached(), measured.runs()));
        }
        if (status != null && status.phase() != Phase.EXPLOIT) {
            lines.add("  note       the controller later went back to " + status.phase().wireName()
                    + ": newer statistics no longer recommended kicking");
        }
        return new Verdict(Outcome.PERTURB, tau, e, measured, saved, List.copyOf(lines));
    }

    /**
     * No period adopted although the monitor has a best one: either kicking looks no better than training
     * on, or it looks better but not surely so (the intervals overlap), which the rule does not act on.
     */
    private static Verdict keepTraining(Workload w, FptStats probe, List<FptStats> finalStats) {
        Double predicted = probe.predictionAtTauStar().map(FptStats.Prediction::mfpt).orElse(null);
        Double baseline = finalStats.stream().filter(s -> "baseline".equals(s.arm())).findFirst()
                .map(FptStats::mfpt).orElse(null);
        boolean looksBetter = predicted != null && (baseline == null || predicted < baseline);
        List<String> lines = new ArrayList<>();
        if (looksBetter) {
            lines.add(String.format(Locale.ROOT, "Verdict: not proven: %sing every %d epochs looks faster (%s epochs to"
                    + " %s %s against %s without), but not surely so.", verb(w), probe.tauStar(), number(predicted),
                    w.metric(), target(w), baseline == null ? "unbounded" : number(baseline)));
            lines.add("  rule       FirstPass recommends kicking only when the whole interval of the prediction lies"
                    + " below the baseline's; more runs (--runs) narrow both");
        } else {
            lines.add(String.format(Locale.ROOT, "Verdict: do not %s: no period gets a run to %s %s sooner than"
                    + " training on.", verb(w), w.metric(), target(w)));
        }
        lines.add("  monitor    " + probe.reason());
        lines.add("  controller kept probing and never adopted a period");
        return new Verdict(looksBetter ? Outcome.UNDECIDED : Outcome.KEEP_TRAINING, null, null, null, null,
                List.copyOf(lines));
    }

    private static Verdict undecided(ExperimentStatus status, List<FptStats> finalStats, Optional<FptStats> probe) {
        List<String> lines = new ArrayList<>();
        String phase = status == null ? "observe" : status.phase().wireName();
        lines.add("Verdict: no decision: the runs ended while the controller was still in " + phase + ".");
        String why = probe.map(FptStats::reason).orElseGet(() -> finalStats.stream()
                .filter(s -> "baseline".equals(s.arm())).map(FptStats::reason).findFirst()
                .orElse("the monitor published no statistics"));
        lines.add("  monitor    " + why);
        lines.add("  more runs (--runs) or longer ones (--epochs) give the statistics more to go on");
        return new Verdict(Outcome.UNDECIDED, null, null, null, null, List.copyOf(lines));
    }

    /** Kicked after epochs tau, 2 tau, ... and at no other epoch. */
    static boolean kickedEveryFromStart(DemoRun run, int tau) {
        List<Integer> kicks = run.kicks();
        if (kicks.isEmpty()) {
            return false;
        }
        for (int i = 0; i < kicks.size(); i++) {
            if (kicks.get(i) != (i + 1) * tau) {
                return false;
            }
        }
        return true;
    }

    private static String agreement(Evidence e, Measured m) {
        if (e.predictedLow() == null || e.predictedHigh() == null) {
            return "the prediction had no interval to compare with";
        }
        if (m.high() < e.predictedLow() || m.low() > e.predictedHigh()) {
            return "outside the predicted interval";
        }
        return "consistent with the prediction";
    }

    private static String verb(Workload w) {
        return w.kick().startsWith("full reset") ? "restart" : "kick";
    }

    static String number(Double value) {
        if (value == null || value.isNaN()) {
            return "n/a";
        }
        return value.isInfinite() ? "unbounded" : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String target(Workload w) {
        return java.math.BigDecimal.valueOf(w.target()).stripTrailingZeros().toPlainString();
    }

    private static String interval(Double low, Double high) {
        return "[" + number(low) + ", " + (high == null ? "unbounded" : number(high)) + "]";
    }
}
