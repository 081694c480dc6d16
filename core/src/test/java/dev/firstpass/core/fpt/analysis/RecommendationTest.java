package dev.firstpass.core.fpt.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.core.fpt.qss.EnsembleQss;
import dev.firstpass.core.fpt.qss.Relaxation;
import dev.firstpass.core.fpt.survival.KaplanMeier;
import dev.firstpass.core.fpt.trajectory.Passage;
import dev.firstpass.core.protocol.PerturbationKind;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RecommendationTest {
    private static final EnsembleQss.Detection QSS = new EnsembleQss.Detection(OptionalInt.of(15), 100, "steady");
    private static final Optional<Relaxation> RELAXED = Optional.of(new Relaxation(10, true, 200, "relaxed"));

    @Test
    void perturbOnlyWhenTheWholeIntervalAtTauStarLiesBelowTheBaselines() {
        Recommendation recommendation = decide(new Interval(20, 29), new Interval(30, 40));
        assertThat(recommendation.perturb()).isTrue();
        assertThat(recommendation.reason()).isEqualTo("perturb: shrink_perturb every 15 epochs: predicted MFPT 25.0"
                + " [20.0, 29.0] vs the baseline's 35.0 [30.0, 40.0], wholly below");
    }

    @Test
    void overlappingIntervalsKeepTrainingUnperturbed() {
        Recommendation recommendation = decide(new Interval(20, 31), new Interval(30, 40));
        assertThat(recommendation.perturb()).isFalse();
        assertThat(recommendation.reason()).startsWith("keep training unperturbed: ").endsWith("the intervals overlap");
    }

    @Test
    void withoutAQssNothingIsRecommendedAndTheReasonSaysWhy() {
        var noQss = new EnsembleQss.Detection(OptionalInt.empty(), 100, "drifting");
        Recommendation recommendation = Recommendation.decide(OptionalInt.empty(), List.of(), baseline(new Interval(1, 2)),
                noQss, RELAXED, OptionalInt.empty(), 20, PerturbationKind.SHRINK_PERTURB);
        assertThat(recommendation.perturb()).isFalse();
        assertThat(recommendation.reason()).isEqualTo("no quasi-steady state in the baseline (drifting):"
                + " predictions have no validity range, so nothing is recommended");
    }

    @Test
    void aProbeShorterThanTheValidityRangeIsNamed() {
        Recommendation recommendation = Recommendation.decide(OptionalInt.empty(), List.of(), baseline(new Interval(1, 2)),
                QSS, RELAXED, OptionalInt.empty(), 12, PerturbationKind.SHRINK_PERTURB);
        assertThat(recommendation.reason()).isEqualTo("the probe period 12 is shorter than max(t_QSS, t_rel) ="
                + " max(15, 10): its kicks did not hit a steady state, so its response cannot be transferred");
    }

    private static Recommendation decide(Interval predicted, Interval baseline) {
        List<PredictionPoint> predictions = new java.util.ArrayList<>();
        for (int tau = 1; tau <= 15; tau++) {
            predictions.add(new PredictionPoint(tau, 25.0, predicted, tau == 15, 0.0));
        }
        return Recommendation.decide(OptionalInt.of(15), predictions, baseline(baseline), QSS, RELAXED,
                OptionalInt.of(15), 20, PerturbationKind.SHRINK_PERTURB);
    }

    private static BaselineSummary baseline(Interval interval) {
        return new BaselineSummary(10, 0, OptionalInt.of(15), 0.01, 35.0, interval, false, false, 1.0, 1.0,
                KaplanMeier.estimate(List.of(Passage.reachedAt(3))));
    }
}
