package dev.firstpass.controller.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.core.protocol.FptStats;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whether more probe runs could bring a recommendation: hand-worked intervals against the baseline's MFPT. */
class RecommendationReachTest {
    private static final Instant T = Instant.parse("2025-02-06T13:00:00Z");

    @Test
    void aPredictionLevelWithTheBaselineIsOutOfReach() {
        // A kick that does not help: tau* far out, predicting what the baseline measures. Halved about 37.4, the
        // interval reaches 37.4 + (48.8 - 37.4) / 2 = 43.1, above the baseline's 37.6.
        assertThat(RecommendationReach.outOfReach(probe(85, 37.4, 28.6, 48.8), baseline(37.6, false)))
                .contains("probe-15 predicts 37.4 epochs [28.6, 48.8] at tau* 85 against the baseline's 37.6: even"
                        + " halved about the prediction, as four times its runs would, the interval reaches 43.1, so"
                        + " more probe runs would not bring a recommendation");
    }

    @Test
    void aGainThatFourTimesTheRunsCouldResolveIsWithinReach() {
        // 20.0 [15.0, 30.0]: halved, the interval reaches 25.0, below the baseline's 30.0.
        assertThat(RecommendationReach.outOfReach(probe(12, 20.0, 15.0, 30.0), baseline(30.0, false))).isEmpty();
        // Reaching it exactly is not below it.
        assertThat(RecommendationReach.outOfReach(probe(12, 20.0, 15.0, 40.0), baseline(30.0, false))).isPresent();
    }

    @Test
    void nothingIsJudgedWithoutAPredictionOrAnExactBaselineMfpt() {
        // The baseline's runs have not all passed: its true MFPT may be far above 37.6.
        assertThat(RecommendationReach.outOfReach(probe(85, 37.4, 28.6, 48.8), baseline(37.6, true))).isEmpty();
        assertThat(RecommendationReach.outOfReach(probe(85, 37.4, 28.6, 48.8), null)).isEmpty();
        FptStats noPrediction = new FptStats(PolicyFixture.EXPERIMENT, "probe-15", "test_acc", PolicyFixture.TARGET,
                FptStats.MAX, 8, 3, List.of(1.0), 6, null, 40.0, false, true, null, null, null, List.of(), null, null,
                null, false, "the probe is still relaxing", T);
        assertThat(RecommendationReach.outOfReach(noPrediction, baseline(37.6, false))).isEmpty();
    }

    private static FptStats probe(int tauStar, double mfpt, double low, double high) {
        return new FptStats(PolicyFixture.EXPERIMENT, "probe-15", "test_acc", PolicyFixture.TARGET, FptStats.MAX, 8, 3,
                List.of(1.0), 6, 0.027, 50.9, false, true, 1.0, 12, 12,
                List.of(new FptStats.Prediction(tauStar, mfpt, low, high, true)), tauStar, tauStar - 10, tauStar,
                false, "keep training unperturbed", T);
    }

    private static FptStats baseline(double mfpt, boolean lowerBound) {
        return new FptStats(PolicyFixture.EXPERIMENT, Arms.BASELINE, "test_acc", PolicyFixture.TARGET, FptStats.MAX, 8,
                lowerBound ? 2 : 0, List.of(1.0), 6, 0.027, mfpt, false, lowerBound, 1.0, null, null, List.of(), null,
                null, null, false, "unperturbed baseline", T);
    }
}
