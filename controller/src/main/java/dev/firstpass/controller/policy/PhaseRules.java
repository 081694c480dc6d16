package dev.firstpass.controller.policy;

import dev.firstpass.controller.facts.ExperimentFacts;
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
            case PROBE -> probeStats(state, facts).ifPresent(stats -> exploitIfRecommended(state, stats,
                    baseline.orElse(null), watch, out));
            case EXPLOIT -> probeStats(state, facts).ifPresent(stats -> reconsider(state, stats, baseline.orElse(null),
                    watch, out));
            default -> throw new IllegalStateException("unknown phase " + state.phase);
        }
    }

    private Optional<FptStats> probeStats(PolicyState state, ExperimentFacts facts) {
        return state.tau0 == null ? Optional.empty() : facts.stats(Arms.probe(state.tau0), settings.target());
    }

    private void startProbe(FptStats baseline, DecisionWriter out) {
        if (baseline.tQss() == null || baseline.runs() < settings.minRuns()) {
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
                + " from epoch " + tQss + " with " + baseline.runs() + " runs (at least " + settings.minRuns()
                + " needed): probing every " + tau0 + " epochs, " + rule);
    }

    private void exploitIfRecommended(PolicyState state, FptStats probe, FptStats baseline, Hysteresis watch,
            DecisionWriter out) {
        Integer best = settings.bestAllowed(probe);
        if (!probe.recommend() || best == null) {
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
                    + " no longer recommends perturbing, for " + watch.against()
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
