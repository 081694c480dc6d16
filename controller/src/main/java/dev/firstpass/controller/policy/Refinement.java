package dev.firstpass.controller.policy;

import dev.firstpass.controller.facts.ExperimentFacts;
import dev.firstpass.controller.facts.RunFacts;
import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.core.protocol.Phase;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Locates the best period below the reference probe's validity floor by measurement, while exploiting.
 *
 * <p>The reference probe's predictions hold for periods at or above tau_min = max(t_QSS, t_rel), and a
 * helpful kick puts the predicted optimum at that floor; the true optimum often lies below it, where a
 * kick lands before the previous one has fully relaxed. There the predictions still rank the periods
 * but can no longer be trusted to value them, so each candidate is measured directly: a further probe
 * arm at the period whose prediction is lowest among those not measured yet, if it is predicted to beat
 * the best value known, or in any case once when tau* sits on the floor.
 * Its measured MFPT, once all its runs passed or ended, is compared with the best known so far (the
 * reference's prediction at the tau* in force, or an earlier further probe's measurement); a better
 * one becomes tau*. It measures with half of {@code min.runs} first, and with the rest only when that
 * first group leaves the comparison open ({@link FirstGroup}); if the open first group measured the better
 * value, tau* moves to its period at once and returns only if the whole probe measures no better.
 *
 * <p>A measurement that became tau* and fell below the whole interval of its own prediction shows the
 * predictions pessimistic there: much shorter periods change training itself, and the renewal picture
 * stops ranking them. The search then goes on by measurement alone, bisecting (geometrically) between
 * the period just measured and the shortest allowed one, as long as each step improves on the best
 * known value. Otherwise the
 * next candidate is again the best-ranked unmeasured period predicted to beat the best known value.
 * The search stops when there is no candidate, or after {@code refine.probes} further probes.
 */
final class Refinement {

    private final PolicySettings settings;

    Refinement(PolicySettings settings) {
        this.settings = settings;
    }

    void evaluate(PolicyState state, ExperimentFacts facts, DecisionWriter out) {
        if (state.phase != Phase.EXPLOIT || state.tau0 == null || settings.refineProbes() == 0) {
            return;
        }
        Optional<FptStats> reference = facts.stats(Arms.probe(state.tau0), settings.target());
        if (reference.isEmpty() || reference.get().tauMin() == null) {
            return;
        }
        Best best = best(state, facts, reference.get());
        if (state.refining != null) {
            conclude(state, reference.get(), best, facts, out);
        } else if (state.refined.size() < settings.refineProbes()) {
            start(state, reference.get(), best, facts, out);
        }
    }

    /**
     * The best value known: the reference's prediction at the tau* in force (before a tentative move, which the
     * probe being measured made itself), or a concluded further probe's measurement.
     */
    private Best best(PolicyState state, ExperimentFacts facts, FptStats reference) {
        // The prediction at a tau* the reference chose stays the yardstick even if a later update moves tau_min
        // above it; a tau* a further probe measured is valued by its measurement.
        Integer inForce = state.tentativeFrom != null ? state.tentativeFrom : state.tauStar;
        Best best = reference.predictionAt(inForce)
                .filter(p -> p.mfpt() != null && !state.refined.contains(p.tau()))
                .map(p -> new Best(p.tau(), p.mfpt(), "predicted by " + reference.arm()))
                .orElse(new Best(inForce, Double.POSITIVE_INFINITY, "no valid prediction"));
        for (int tau : state.refined) {
            Double measured = measured(facts, tau);
            if (measured != null && measured < best.mfpt()) {
                best = new Best(tau, measured, "measured by " + Arms.probe(tau));
            }
        }
        return best;
    }

    private void start(PolicyState state, FptStats reference, Best best, ExperimentFacts facts, DecisionWriter out) {
        Optional<Integer> bisected = bisection(state, reference, best, facts);
        if (bisected.isPresent()) {
            int last = state.refined.get(state.refined.size() - 1);
            out.probeAdded(bisected.get(), EvidenceReader.ofProbe(reference, null), Arms.probe(last) + " measured "
                    + epochs(best.mfpt()) + ", below the whole interval of the prediction there: the predictions are"
                    + " pessimistic this far below the floor, so the search goes on by measurement, halfway"
                    + " (geometrically) from " + last + " to the shortest allowed period: measuring " + bisected.get()
                    + " with " + runsToMeasure() + " (further probe " + (state.refined.size() + 1)
                    + " of at most " + settings.refineProbes() + ")");
            return;
        }
        int floor = reference.tauMin();
        List<FptStats.Prediction> below = reference.predictions().stream()
                .filter(p -> p.tau() < floor && p.mfpt() != null)
                .filter(p -> settings.allows(p.tau()) && p.tau() != state.tau0 && !state.refined.contains(p.tau()))
                .sorted(Comparator.comparingDouble(FptStats.Prediction::mfpt)).toList();
        if (below.isEmpty()) {
            return;
        }
        FptStats.Prediction candidate = below.get(0);
        String ranking = "the predictions of " + reference.arm() + " hold from tau_min " + floor + "; below it they"
                + " rank " + candidate.tau() + " best, at " + epochs(candidate.mfpt()) + " against "
                + epochs(best.mfpt()) + " at " + best.tau() + " (" + best.source() + ")";
        String measuring = ": measuring " + candidate.tau() + " directly with " + runsToMeasure()
                + " (further probe " + (state.refined.size() + 1) + " of at most " + settings.refineProbes() + ")";
        if (candidate.mfpt() < best.mfpt()) {
            out.probeAdded(candidate.tau(), EvidenceReader.ofProbe(reference, null), ranking + measuring);
        } else if (!rankedProbeMeasured(state) && atFloor(state, floor)) {
            // Below the floor the predictions rank periods but may value them wrongly, and a helpful kick puts
            // the optimum there: with tau* on the floor one period below it is always measured.
            out.probeAdded(candidate.tau(), EvidenceReader.ofProbe(reference, null), ranking + "; tau* sits on the"
                    + " validity floor, below which the predictions are not vouched for" + measuring);
        }
    }

    /**
     * Whether a further probe other than the provisional one was measured: the provisional probe is a guess made
     * before any prediction existed, so it does not stand in for measuring the period the predictions rank best.
     */
    private boolean rankedProbeMeasured(PolicyState state) {
        return state.refined.stream().anyMatch(tau -> !tau.equals(state.provisional));
    }

    /** Whether tau* is the shortest allowed period the reference's predictions hold for. */
    private boolean atFloor(PolicyState state, int floor) {
        int shortestValid = settings.periods().isEmpty() ? floor
                : settings.periods().stream().filter(tau -> tau >= floor).findFirst().orElse(-1);
        return state.tauStar != null && state.tauStar == shortestValid;
    }

    private void conclude(PolicyState state, FptStats reference, Best best, ExperimentFacts facts,
            DecisionWriter out) {
        int tau = state.refining;
        String arm = Arms.probe(tau);
        List<RunFacts> runs = state.runsIn(arm).stream().map(facts::run).flatMap(Optional::stream).toList();
        Optional<FptStats> stats = facts.stats(arm, settings.target());
        // Complete once every run passed, or ended: then the statistics must postdate every run's end, or a
        // run's last epochs would still count as censored.
        boolean allPassed = stats.isPresent() && stats.get().runs() >= runs.size() && stats.get().censored() == 0
                && !stats.get().mfptIsLowerBound();
        boolean allEnded = runs.stream().allMatch(RunFacts::finished) && stats.isPresent()
                && stats.get().runs() >= runs.size() && runs.stream()
                        .noneMatch(run -> run.finishedAt() == null || stats.get().time().isBefore(run.finishedAt()));
        int planned = settings.furtherProbeRuns(state.refiningGroups);
        boolean complete = runs.size() >= planned && (allPassed || allEnded);
        if (!complete) {
            return;
        }
        FptStats measured = stats.get();
        Double mfpt = measured.mfptIsLowerBound() ? null : measured.mfpt();
        boolean better = mfpt != null && mfpt < best.mfpt();
        String result = arm + " measured " + (mfpt == null ? "no MFPT (runs censored before passing)" : epochs(mfpt))
                + " over " + measured.runs() + " runs (" + measured.censored() + " censored) against "
                + epochs(best.mfpt()) + " at " + best.tau() + " (" + best.source() + ")";
        if (planned < settings.minRuns()) {
            FirstGroup first = FirstGroup.judge(measured, reference, best.mfpt());
            if (!first.settles()) {
                if (better) {
                    // The likelier better period is the one to exploit while the second group decides: its runs
                    // then train at tau* like every other new run, and a wrong lead costs at most the difference
                    // the first group could not resolve.
                    out.tauChanged(tau, tau, high(state, best), EvidenceReader.ofProbe(measured, null), "tau* moved"
                            + " from " + state.tauStar + " to " + tau + " while its probe is extended: " + result + ": "
                            + first.why() + "; it returns to " + best.tau() + " if the whole probe measures no better");
                }
                out.probeAdded(tau, EvidenceReader.ofProbe(measured, null), result + ": " + first.why()
                        + ", so the probe is extended to " + settings.minRuns() + " runs");
                return;
            }
            result += "; " + first.why();
        }
        boolean tentative = state.tentativeFrom != null;
        out.probeConcluded(tau, EvidenceReader.ofProbe(measured, null), result + (better
                ? ": " + tau + (tentative ? " stays tau*" : " becomes tau*")
                : ": tau* " + (tentative ? "returns to " : "stays ") + best.tau()));
        if (better && !tentative) {
            out.tauChanged(tau, tau, high(state, best), EvidenceReader.ofProbe(measured, null),
                    "tau* moved from " + state.tauStar + " to " + tau + ": " + result);
        } else if (!better && tentative) {
            int low = reference.tauStarLow() == null ? best.tau() : Math.min(best.tau(), reference.tauStarLow());
            out.tauChanged(best.tau(), low, high(state, best), EvidenceReader.ofProbe(measured, null),
                    "tau* returned from " + tau + " to " + best.tau() + ": " + result);
        }
    }

    /** The top of the interval a tau* found by measurement keeps: the best known period's, or the one in force. */
    private static int high(PolicyState state, Best best) {
        return state.tauHigh == null ? best.tau() : Math.max(best.tau(), state.tauHigh);
    }

    /**
     * The next period when the last further probe improved on the best known value and measured below the
     * whole interval of its prediction: the allowed period nearest (on a log scale) to the geometric mean of
     * that period and the shortest allowed one, if shorter and not measured yet.
     */
    private Optional<Integer> bisection(PolicyState state, FptStats reference, Best best, ExperimentFacts facts) {
        if (state.refined.isEmpty()) {
            return Optional.empty();
        }
        int last = state.refined.get(state.refined.size() - 1);
        Double measured = measured(facts, last);
        Optional<FptStats.Prediction> predicted = reference.predictionAt(last);
        boolean pessimistic = measured != null && Integer.valueOf(last).equals(state.tauStar) && predicted.isPresent()
                && (predicted.get().low() == null || measured < predicted.get().low());
        if (!pessimistic) {
            return Optional.empty();
        }
        int shortest = settings.periods().isEmpty() ? 1 : settings.periods().get(0);
        double middle = Math.sqrt((double) last * shortest);
        return candidatesBelow(last, shortest).stream().filter(tau -> !state.refined.contains(tau))
                .min(Comparator.comparingDouble(tau -> Math.abs(Math.log(tau / middle))));
    }

    private List<Integer> candidatesBelow(int period, int shortest) {
        if (!settings.periods().isEmpty()) {
            return settings.periods().stream().filter(tau -> tau < period).toList();
        }
        List<Integer> all = new ArrayList<>();
        for (int tau = shortest; tau < period; tau++) {
            all.add(tau);
        }
        return all;
    }

    /** An arm's measured MFPT once none of its runs is censored before passing; null otherwise. */
    private Double measured(ExperimentFacts facts, int tau) {
        return facts.stats(Arms.probe(tau), settings.target()).filter(s -> !s.mfptIsLowerBound())
                .map(FptStats::mfpt).orElse(null);
    }

    private String runsToMeasure() {
        int first = settings.furtherProbeRuns(1);
        return first == settings.minRuns() ? first + " runs"
                : first + " runs, " + settings.minRuns() + " if those do not settle the comparison";
    }

    private static String epochs(double mfpt) {
        return Double.isFinite(mfpt) ? String.format(Locale.ROOT, "%.1f epochs", mfpt) : "no finite MFPT";
    }

    private record Best(Integer tau, double mfpt, String source) {
    }
}
