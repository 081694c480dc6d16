package dev.firstpass.controller.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.core.protocol.FptStats;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Whether the probe at 15 should take more runs: hand-worked intervals against the baseline's MFPT, from an
 * analysis of a grid where kicks hurt.
 */
class RecommendationReachTest {
    private static final Instant T = Instant.parse("2025-02-06T13:00:00Z");
    private static final int TAU0 = 15;
    private static final FptStats.Prediction SLOWER_AT_TAU0 = new FptStats.Prediction(TAU0, 103.5, 67.5, 189.0, true);

    @Test
    void aHarmfulKickWithNoRecommendationInReachTakesNoMoreRuns() {
        // tau* far out predicts what the baseline measures: halved about 37.4, the interval reaches
        // 37.4 + (48.8 - 37.4) / 2 = 43.1, above the baseline's 37.6; and the probe's own period is wholly slower.
        FptStats probe = probe(new FptStats.Prediction(85, 37.4, 28.6, 48.8, true), SLOWER_AT_TAU0);

        assertThat(RecommendationReach.outOfReach(probe, TAU0, baseline(37.6, false)))
                .contains("probe-15 predicts 37.4 epochs [28.6, 48.8] at tau* 85 against the baseline's 37.6: even"
                        + " halved about the prediction, as four times its runs would, the interval reaches 43.1, so"
                        + " more probe runs would not bring a recommendation; and at its own period, 15, it predicts"
                        + " 103.5 [67.5, 189.0], wholly slower than the baseline");
    }

    @Test
    void aPeriodTheFloorAllowsWithoutAFiniteMfptIsSlower() {
        // tau_min 12 <= 15, and no MFPT: no probe run passed within a period of a kick.
        FptStats neverPassing = probe(new FptStats.Prediction(85, 37.8, 28.8, 49.6, true),
                new FptStats.Prediction(TAU0, null, null, null, false));

        assertThat(RecommendationReach.outOfReach(neverPassing, TAU0, baseline(37.6, false)).orElseThrow())
                .endsWith("; and at its own period, 15, its predicted MFPT is unbounded (no run passed within a period"
                        + " of a kick)");
    }

    @Test
    void aGainThatFourTimesTheRunsCouldResolveIsWithinReach() {
        // 20.0 [15.0, 30.0]: halved, the interval reaches 25.0, below the baseline's 30.0.
        FptStats resolvable = probe(new FptStats.Prediction(20, 20.0, 15.0, 30.0, true), SLOWER_AT_TAU0);
        assertThat(RecommendationReach.outOfReach(resolvable, TAU0, baseline(30.0, false))).isEmpty();
        // Reaching it exactly is not below it.
        FptStats reaching = probe(new FptStats.Prediction(20, 20.0, 15.0, 40.0, true), SLOWER_AT_TAU0);
        assertThat(RecommendationReach.outOfReach(reaching, TAU0, baseline(30.0, false))).isPresent();
    }

    @Test
    void probeRunsNotKnownToBeSlowerGoOnWithoutARecommendationInReach() {
        // A kick at 15 that may help a little: too little to resolve, yet a probe run costs nothing known.
        FptStats mayHelp = probe(new FptStats.Prediction(85, 37.4, 28.6, 48.8, true),
                new FptStats.Prediction(TAU0, 35.0, 25.0, 50.0, true));

        assertThat(RecommendationReach.outOfReach(mayHelp, TAU0, baseline(37.6, false))).isEmpty();
    }

    @Test
    void nothingIsJudgedWithoutPredictionsOrAnExactBaselineMfpt() {
        FptStats probe = probe(new FptStats.Prediction(85, 37.4, 28.6, 48.8, true), SLOWER_AT_TAU0);
        // The baseline's runs have not all passed: its true MFPT may be far above 37.6.
        assertThat(RecommendationReach.outOfReach(probe, TAU0, baseline(37.6, true))).isEmpty();
        assertThat(RecommendationReach.outOfReach(probe, TAU0, null)).isEmpty();
        // No prediction at the probe's own period, which lies below the validity floor (tau_min 16).
        FptStats noneAtTau0 = probe(new FptStats.Prediction(85, 37.4, 28.6, 48.8, true),
                new FptStats.Prediction(TAU0, null, null, null, false), 16);
        assertThat(RecommendationReach.outOfReach(noneAtTau0, TAU0, baseline(37.6, false))).isEmpty();
        FptStats noPrediction = new FptStats(PolicyFixture.EXPERIMENT, "probe-15", "test_acc", PolicyFixture.TARGET,
                FptStats.MAX, 8, 3, List.of(1.0), 6, null, 40.0, false, true, null, null, null, List.of(), null, null,
                null, false, "the probe is still relaxing", T);
        assertThat(RecommendationReach.outOfReach(noPrediction, TAU0, baseline(37.6, false))).isEmpty();
    }

    /** The probe at 15, with tau_min 12. */
    private static FptStats probe(FptStats.Prediction atTauStar, FptStats.Prediction atTau0) {
        return probe(atTauStar, atTau0, 12);
    }

    private static FptStats probe(FptStats.Prediction atTauStar, FptStats.Prediction atTau0, int tauMin) {
        return new FptStats(PolicyFixture.EXPERIMENT, "probe-15", "test_acc", PolicyFixture.TARGET, FptStats.MAX, 8, 3,
                List.of(1.0), 6, 0.027, 50.9, false, true, 1.0, 12, tauMin, List.of(atTau0, atTauStar), atTauStar.tau(),
                atTauStar.tau() - 10, atTauStar.tau(), false, "keep training unperturbed", T);
    }

    private static FptStats baseline(double mfpt, boolean lowerBound) {
        return new FptStats(PolicyFixture.EXPERIMENT, Arms.BASELINE, "test_acc", PolicyFixture.TARGET, FptStats.MAX, 8,
                lowerBound ? 2 : 0, List.of(1.0), 6, 0.027, mfpt, false, lowerBound, 1.0, null, null, List.of(), null,
                null, null, false, "unperturbed baseline", T);
    }
}
