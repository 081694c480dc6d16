package dev.firstpass.controller.policy;

import dev.firstpass.controller.facts.ExperimentFacts;
import dev.firstpass.controller.facts.RunFacts;
import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.core.protocol.Phase;
import java.util.Optional;

/**
 * When an experiment moves from one phase to the next, and when tau* changes: at most one such
 * decision per evaluation, each resting on the monitor's statistics.
 */
final class PhaseRules {

    private final PolicySettings settings;

    PhaseRules(PolicySettings settings) {
        this.settings = settings;
    }

    void evaluate(PolicyState state, ExperimentFacts facts, Hysteresis watch, DecisionWriter out) {
        Optional<FptStats> baseline = facts.stats(Arms.BASELINE, settings.target());
        switch (state.phase) {
            case OBSERVE -> baseline.ifPresent(stats -> startProbe(stats, out));
            case PROBE -> probeStats(state, facts).ifPresent(stats -> {
                if (!reprobed(state, stats, baseline.orElse(null), facts, out)) {
                    exploitIfRecommended(state, stats, baseline.orElse(null), watch, out);
                }
            });
            case EXPLOIT -> probeStats(state, facts).ifPresent(stats -> reconsider(state, stats, baseline.orElse(null),
                    watch, out));
            default -> throw new IllegalStateException("unknown phase " + state.phase);
        }
    }

    private Optional<FptStats> probeStats(PolicyState state, ExperimentFacts facts) {
        return state.tau0 == null ? Optional.empty() : facts.stats(Arms.probe(state.tau0), settings.target());
    }

    private void startProbe(FptStats baseline, DecisionWriter out) {
        if (baseline.tQss() == null || baseline.runs() < settings.baselineRuns()) {
            return;
        }
        int tQss = baseline.tQss();
        int tau0 = settings.probePeriodFor(tQss);
        String rule = settings.probePeriod() > 0
                ? (settings.probePeriod() >= tQss ? "the configured period"
                        : "the configured period " + settings.probePeriod() + " raised to t_QSS")
                : "max(t_QSS " + tQss + ", minimum " + settings.probeMinPeriod() + ") rounded up to a multiple of "
                        + settings.probePeriodStep();
        out.phase(Phase.PROBE, tau0, null, null, EvidenceReader.ofBaseline(baseline), "the baseline is quasi-steady"
                + " from epoch " + tQss + " with " + baseline.runs() + " runs (at least " + settings.baselineRuns()
                + " needed): probing every " + tau0 + " epochs, " + rule);
    }

    /**
     * Moves the reference probe, once it has its {@code min.runs} runs and does not recommend, to the period its
     * statistics now call for, unless the probe was there before. A probe still relaxing when its next kick came
     * (t_rel at least tau0), or kicked before the baseline's steady state as more baseline runs now place it,
     * predicts nothing; a probe whose runs all ended without a recommendation has said what it can, and a t_QSS
     * estimated afresh from more baseline runs may call for another period. The old reference's runs stay an arm
     * of their own, measured like a further probe.
     */
    private boolean reprobed(PolicyState state, FptStats probe, FptStats baseline, ExperimentFacts facts,
            DecisionWriter out) {
        if (probe.recommend() || probe.runs() < settings.minRuns() || baseline == null || baseline.tQss() == null) {
            return false;
        }
        int tau0 = state.tau0;
        int tQss = baseline.tQss();
        boolean relaxing = probe.tauMin() == null && probe.tRel() != null && probe.tRel() >= tau0;
        boolean early = probe.tauMin() == null && tQss > tau0;
        boolean ended = state.runsIn(probe.arm()).stream()
                .allMatch(runId -> facts.run(runId).map(RunFacts::finished).orElse(false));
        if (!relaxing && !early && !ended) {
            return false;
        }
        int relaxed = relaxing ? tau0 + 1 : probe.tRel() == null ? 1 : probe.tRel();
        int next = settings.probePeriodFor(Math.max(tQss, relaxed));
        if (state.references.contains(next)) {
            return false;
        }
        String why = relaxing ? "its runs were still relaxing when the next kick came (t_rel >= " + tau0 + ")"
                : early ? "the baseline's t_QSS is now " + tQss + ", after its kicks began"
                : "its runs all ended without a recommendation, and the baseline's t_QSS is now " + tQss;
        out.phase(Phase.PROBE, next, null, null, EvidenceReader.ofProbe(probe, baseline), probe.arm() + " over "
                + probe.runs() + " runs: " + why + "; probing moves to every " + next + " epochs, the period the"
                + " statistics now call for, and " + probe.arm() + " stays an arm of its own");
        return true;
    }

    private void exploitIfRecommended(PolicyState state, FptStats probe, FptStats baseline, Hysteresis watch,
            DecisionWriter out) {
        Integer best = settings.bestAllowed(probe);
        // The provisional probe becomes the reference with one group of runs: it recommends only once it has
        // all of them, as a reference probe started afresh would.
        if (!probe.recommend() || best == null || probe.runs() < settings.minRuns()) {
            return;
        }
        // The first recommendation is acted on at once; after a switch back the evidence must hold for a
        // while, or a borderline experiment would start and stop kicking at every update.
        if (state.switchedBack && watch.recommending() < settings.hysteresis()) {
            return;
        }
        int tau = best;
        int low = probe.tauStarLow() == null ? tau : Math.min(tau, probe.tauStarLow());
        int high = probe.tauStarHigh() == null ? tau : Math.max(tau, probe.tauStarHigh());
        String held = state.switchedBack ? ", for " + watch.recommending() + " consecutive statistics updates" : "";
        out.phase(Phase.EXPLOIT, tau, low, high, EvidenceReader.ofProbe(probe, baseline), probe.arm()
                + " recommends kicking every " + tau + " epochs (tau* in [" + low + ", " + high + "])" + held + ": "
                + probe.reason() + allowedNote(probe, tau));
    }

    private String allowedNote(FptStats probe, int tau) {
        return probe.tauStar() == null || probe.tauStar() == tau ? ""
                : "; " + tau + " is the best of the allowed periods " + settings.periods();
    }

    private void reconsider(PolicyState state, FptStats probe, FptStats baseline, Hysteresis watch,
            DecisionWriter out) {
        if (watch.against() >= settings.hysteresis()) {
            out.phase(Phase.PROBE, state.tau0, null, null, EvidenceReader.ofProbe(probe, baseline), probe.arm()
                    + " no longer predicts beating the baseline, for " + watch.against()
                    + " consecutive statistics updates: " + probe.reason());
            return;
        }
        Integer best = settings.bestAllowed(probe);
        if (watch.outside() >= settings.hysteresis() && best != null && !best.equals(state.tauStar)) {
            int tau = best;
            int low = probe.tauStarLow() == null ? tau : Math.min(tau, probe.tauStarLow());
            int high = probe.tauStarHigh() == null ? tau : Math.max(tau, probe.tauStarHigh());
            out.tauChanged(tau, low, high, EvidenceReader.ofProbe(probe, baseline), "tau* moved from "
                    + state.tauStar + " to " + tau + ", outside [" + state.tauLow + ", " + state.tauHigh + "], for "
                    + watch.outside() + " consecutive statistics updates (new interval [" + low + ", " + high
                    + "]): " + probe.reason());
        }
    }
}
