package dev.firstpass.controller.policy;

import static dev.firstpass.controller.policy.PolicyFixture.EXPERIMENT;
import static dev.firstpass.controller.policy.PolicyFixture.TARGET;
import static dev.firstpass.controller.policy.PolicyFixture.commands;
import static dev.firstpass.controller.policy.PolicyFixture.ofType;
import static dev.firstpass.controller.policy.PolicyFixture.survivalOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.controller.ControllerConfig;
import dev.firstpass.core.protocol.Decision;
import dev.firstpass.core.protocol.DecisionType;
import dev.firstpass.core.protocol.FptStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Further probes below the reference probe's validity floor: the reference (tau0 = 20) predicts the
 * MFPT at tau_min = 12 as 20 epochs, and below the floor ranks 7 (15), 8 (16), 10 (18) and 6 (30).
 */
class RefinementTest {
    private static final Instant T0 = Instant.parse("2025-02-06T13:00:00Z");

    private static final Map<String, String> SETTINGS = Map.of(ControllerConfig.MIN_RUNS.key(), "3",
            ControllerConfig.PROBE_PERIOD.key(), "20", ControllerConfig.HOLDOUT_SHARE.key(), "0");

    private final PolicyFixture f = new PolicyFixture(SETTINGS);
    private int updates;
    /**
     * The reference probe's runs passed after epochs 27, 28, 28, 28, 28 and 29: sample CV sqrt(0.4) / 28 =
     * 0.0226.
     */
    private List<Double> referenceSurvival = survivalOf(27, 28, 28, 28, 28, 29);

    /** Exploiting tau* = 12, the reference's tau* at its validity floor. */
    private void exploitingAtTheFloor() {
        f.runs(12, 20);
        f.baseline(12, 9);
        f.decide();
        f.facts.record(reference());
        f.decide();
    }

    /** Exploiting at the floor, with the further probe at 7 added and its first group of 2 runs started. */
    private void measuringSevenWithItsFirstGroup() {
        exploitingAtTheFloor();
        f.decide();
        newRuns(10, 2);
    }

    private FptStats reference() {
        return reference(15.0, 16.0, 18.0);
    }

    /** The reference probe's record, with the predictions at 7, 8 and 10 given. */
    private FptStats reference(double at7, double at8, double at10) {
        List<FptStats.Prediction> predictions = List.of(
                new FptStats.Prediction(6, 30.0, 25.0, 35.0, false),
                new FptStats.Prediction(7, at7, at7 - 2, at7 + 2, false),
                new FptStats.Prediction(8, at8, at8 - 2, at8 + 2, false),
                new FptStats.Prediction(10, at10, at10 - 2, at10 + 2, false),
                new FptStats.Prediction(12, 20.0, 18.0, 22.0, true),
                new FptStats.Prediction(20, 28.0, 26.0, 30.0, true));
        return new FptStats(EXPERIMENT, "probe-20", "test_acc", TARGET, FptStats.MAX, 6, 0, referenceSurvival, 9, 0.0,
                28.0, false, false, null, 12, 12, predictions, 12, 12, 12, true,
                "perturb: shrink_perturb every 12 epochs: predicted MFPT 20.0 [18.0, 22.0] vs the baseline's inf"
                        + " [inf, inf], wholly below", time());
    }

    /** What the monitor measured of a further probe whose runs all passed, after the epochs given. */
    private FptStats measured(int tau, int... passages) {
        double mfpt = IntStream.of(passages).average().orElseThrow();
        return new FptStats(EXPERIMENT, "probe-" + tau, "test_acc", TARGET, FptStats.MAX, passages.length, 0,
                survivalOf(passages), 9, 0.0, mfpt, false, false, null, null, 12, List.of(), null, null, null, false,
                "the probe is shorter than tau_min", time());
    }

    private Instant time() {
        return T0.plusSeconds(++updates);
    }

    private List<String> newRuns(int from, int count) {
        List<String> arms = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            f.started("n" + i, true);
            commands(f.decide()).forEach(c -> arms.add(PolicyFixture.describe(c)));
        }
        return arms;
    }

    @Test
    void theBestRankedPeriodBelowTheFloorIsMeasuredAndAdoptedWhenItBeatsThePrediction() {
        exploitingAtTheFloor();

        List<Decision> added = ofType(f.decide(), DecisionType.PROBE_ADDED);

        assertThat(added).singleElement().satisfies(d -> {
            assertThat(d.tau()).isEqualTo(7);
            assertThat(d.arm()).isEqualTo("probe-7");
            assertThat(d.reason()).isEqualTo("the predictions of probe-20 hold from tau_min 12; below it they rank 7"
                    + " best, at 15.0 epochs against 20.0 epochs at 12 (predicted by probe-20): measuring 7 directly"
                    + " with 2 runs, 3 if those do not settle the comparison (further probe 1 of at most 3)");
        });
        // New runs fill the further probe's first group, kicked after epochs 7, 14, ...; then they exploit tau*.
        assertThat(newRuns(10, 3)).containsExactly("n10 probe-7 every 7 from 7", "n11 probe-7 every 7 from 7",
                "n12 exploit-12 every 12 from 12");

        for (int i = 10; i < 12; i++) {
            f.finished("n" + i, 30);
        }
        f.facts.record(measured(7, 14, 14));
        List<Decision> concluded = f.decide();

        assertThat(concluded).extracting(Decision::type).startsWith(DecisionType.PROBE_CONCLUDED,
                DecisionType.TAU_CHANGED);
        // Live, runs already exploiting the old tau* are rescheduled at the new one from their next epoch.
        assertThat(commands(concluded)).isNotEmpty().allSatisfy(c -> assertThat(PolicyFixture.describe(c))
                .contains(" every 7 from "));
        assertThat(concluded.get(0).reason()).isEqualTo("probe-7 measured 14.0 epochs over 2 runs (0 censored) against"
                + " 20.0 epochs at 12 (predicted by probe-20); the difference, -6.0 epochs, is beyond the uncertainty"
                + " of 2 runs (2.8 epochs: t bound at 97.5% with CV 0.02, the larger of the group's and probe-20's):"
                + " 7 becomes tau*");
        assertThat(concluded.get(1).tau()).isEqualTo(7);
        assertThat(List.of(concluded.get(1).tauLow(), concluded.get(1).tauHigh())).containsExactly(7, 12);
        assertThat(f.policy.status().tauStar()).isEqualTo(7);
        // Stopping rule: no unmeasured period below the floor is predicted under the 14.0 measured.
        assertThat(ofType(f.decide(), DecisionType.PROBE_ADDED)).isEmpty();
        assertThat(newRuns(20, 1)).containsExactly("n20 exploit-7 every 7 from 7");
    }

    @Test
    void aFirstGroupThatLeadsWithinItsUncertaintyMovesTauStarWhileTheProbeIsExtendedToMinRuns() {
        measuringSevenWithItsFirstGroup();
        // 18.0 against 20.0: sample CV 8.49 / 18 = 0.47, so within 12.71 * 18 * 0.47 / sqrt(2) = 76.2 epochs.
        f.facts.record(measured(7, 12, 24));

        List<Decision> extended = f.decide();

        assertThat(extended).extracting(Decision::type).startsWith(DecisionType.TAU_CHANGED,
                DecisionType.PROBE_ADDED);
        assertThat(extended.get(0).tau()).isEqualTo(7);
        assertThat(List.of(extended.get(0).tauLow(), extended.get(0).tauHigh())).containsExactly(7, 12);
        assertThat(extended.get(0).reason()).startsWith("tau* moved from 12 to 7 while its probe is extended:")
                .endsWith("; it returns to 12 if the whole probe measures no better");
        assertThat(extended.get(1).tau()).isEqualTo(7);
        assertThat(extended.get(1).reason()).endsWith("is within the uncertainty of 2 runs (76.2 epochs: t bound at"
                + " 97.5% with CV 0.47, the larger of the group's and probe-20's), so the probe is extended to"
                + " 3 runs");
        // The second group fills first; every other new run exploits the period it measures.
        assertThat(newRuns(12, 2)).containsExactly("n12 probe-7 every 7 from 7", "n13 exploit-7 every 7 from 7");
        f.facts.record(measured(7, 12, 24, 20));

        List<Decision> concluded = f.decide();

        // Judged against 12's prediction, the tau* in force before the move, not against its own first group.
        assertThat(concluded).extracting(Decision::type).containsExactly(DecisionType.PROBE_CONCLUDED);
        assertThat(concluded.get(0).reason()).isEqualTo("probe-7 measured 18.7 epochs over 3 runs (0 censored) against"
                + " 20.0 epochs at 12 (predicted by probe-20): 7 stays tau*");
        assertThat(f.policy.status().tauStar()).isEqualTo(7);
    }

    @Test
    void aLeadThatTheWholeProbeDoesNotConfirmReturnsTauStarAndItsRunsToThePeriodBefore() {
        measuringSevenWithItsFirstGroup();
        f.facts.record(measured(7, 12, 24));
        f.decide();
        newRuns(12, 2);
        // A controller restarted here resumes from its trail, with the move still tentative.
        ExperimentPolicy restarted = ExperimentPolicy.firstPassage(EXPERIMENT, PolicyFixture.settings(SETTINGS));
        f.trail.forEach(restarted::apply);
        f.facts.record(measured(7, 12, 24, 36));

        List<Decision> concluded = restarted.decide(f.facts, f.now());

        assertThat(concluded).extracting(Decision::type).startsWith(DecisionType.PROBE_CONCLUDED,
                DecisionType.TAU_CHANGED);
        assertThat(concluded.get(0).reason()).isEqualTo("probe-7 measured 24.0 epochs over 3 runs (0 censored) against"
                + " 20.0 epochs at 12 (predicted by probe-20): tau* returns to 12");
        assertThat(concluded.get(1).tau()).isEqualTo(12);
        assertThat(List.of(concluded.get(1).tauLow(), concluded.get(1).tauHigh())).containsExactly(12, 12);
        // Live, the exploiting runs are rescheduled at 12 in the arms they joined, the one that started at 7 too;
        // the probe's runs keep their protocol.
        assertThat(commands(concluded)).extracting(PolicyFixture::describe).containsExactlyInAnyOrder(
                "n13 exploit-7 every 12 from 1", "r02 exploit-12 every 12 from 21");
    }

    @Test
    void aFirstGroupThatTrailsWithinItsUncertaintyIsExtendedWithTauStarKept() {
        measuringSevenWithItsFirstGroup();
        // 22.0 against 20.0: sample CV 8.49 / 22 = 0.39, so within 12.71 * 22 * 0.39 / sqrt(2) = 76.2 epochs.
        f.facts.record(measured(7, 16, 28));

        List<Decision> extended = f.decide();

        assertThat(extended).extracting(Decision::type).containsExactly(DecisionType.PROBE_ADDED);
        assertThat(newRuns(12, 2)).containsExactly("n12 probe-7 every 7 from 7", "n13 exploit-12 every 12 from 12");
        assertThat(f.policy.status().tauStar()).isEqualTo(12);
    }

    @Test
    void aFirstGroupIsNotJudgedByItsOwnSpreadAloneWhileTheReferencesIsUnknown() {
        referenceSurvival = List.of(1.0, 0.5);
        measuringSevenWithItsFirstGroup();
        f.facts.record(measured(7, 16, 28));

        List<Decision> extended = f.decide();

        assertThat(extended).extracting(Decision::type).containsExactly(DecisionType.PROBE_ADDED);
        assertThat(extended.get(0).reason()).endsWith(": the spread to judge the difference by is not known yet"
                + " (probe-20 has runs that have not passed), so the probe is extended to 3 runs");
    }

    @Test
    void aFirstGroupWhoseRunsEndedWithoutPassingSettlesWhenItsLowerBoundIsAboveTheBest() {
        measuringSevenWithItsFirstGroup();
        f.finished("n10", 30);
        f.finished("n11", 30);
        // One run passed after epoch 22, the other ended at epoch 30 without passing: MFPT at least 26.
        f.facts.record(new FptStats(EXPERIMENT, "probe-7", "test_acc", TARGET, FptStats.MAX, 2, 1, List.of(1.0), 9,
                0.0, 26.0, false, true, null, null, 12, List.of(), null, null, null, false, "ended", time()));

        List<Decision> concluded = f.decide();

        assertThat(concluded).extracting(Decision::type).containsExactly(DecisionType.PROBE_CONCLUDED);
        assertThat(concluded.get(0).reason()).isEqualTo("probe-7 measured no MFPT (runs censored before passing)"
                + " over 2 runs (1 censored) against 20.0 epochs at 12 (predicted by probe-20); its MFPT is at least"
                + " 26.0 epochs (runs censored before passing), above the best known whatever the rest would add:"
                + " tau* stays 12");
    }

    @Test
    void aFurtherProbeThatMeasuresWorseLeavesTauStarAndTheNextRankedPeriodIsMeasured() {
        measuringSevenWithItsFirstGroup();
        f.facts.record(measured(7, 26, 26));

        List<Decision> concluded = f.decide();

        assertThat(concluded).extracting(Decision::type).containsExactly(DecisionType.PROBE_CONCLUDED);
        assertThat(concluded.get(0).reason()).endsWith(": tau* stays 12");
        assertThat(f.policy.status().tauStar()).isEqualTo(12);
        assertThat(ofType(f.decide(), DecisionType.PROBE_ADDED)).extracting(Decision::tau).containsExactly(8);
    }

    @Test
    void aMeasurementBelowItsWholePredictedIntervalContinuesTheSearchByGeometricBisection() {
        measuringSevenWithItsFirstGroup();
        f.facts.record(measured(7, 10, 10));
        f.decide();

        List<Decision> added = ofType(f.decide(), DecisionType.PROBE_ADDED);

        // 10.0 lies below the whole [13, 17] predicted at 7: halfway from 7 to 1 on a log scale is 2.6, so 3.
        assertThat(added).extracting(Decision::tau).containsExactly(3);
        assertThat(added.get(0).reason()).startsWith("probe-7 measured 10.0 epochs, below the whole interval of the"
                + " prediction there");
    }

    @Test
    void withTauStarOnTheFloorOnePeriodBelowIsMeasuredEvenIfNonePredictsBetter() {
        f.runs(12, 20);
        f.baseline(12, 9);
        f.decide();
        f.facts.record(reference(24.0, 22.0, 21.0));
        f.decide();

        List<Decision> added = ofType(f.decide(), DecisionType.PROBE_ADDED);

        assertThat(added).extracting(Decision::tau).containsExactly(10);
        assertThat(added.get(0).reason()).contains("; tau* sits on the validity floor, below which the predictions are"
                + " not vouched for: measuring 10");
        // Measured no better: the search stops, since nothing below the floor is predicted to beat 20.
        newRuns(10, 3);
        f.facts.record(measured(10, 26, 26));
        f.decide();
        assertThat(ofType(f.decide(), DecisionType.PROBE_ADDED)).isEmpty();
        assertThat(f.policy.status().tauStar()).isEqualTo(12);
    }

    @Test
    void aFurtherProbeIsNotConcludedWhileARunMayStillPass() {
        measuringSevenWithItsFirstGroup();
        f.facts.record(new FptStats(EXPERIMENT, "probe-7", "test_acc", TARGET, FptStats.MAX, 2, 1, List.of(1.0), 9,
                0.0, 14.0, false, true, null, null, 12, List.of(), null, null, null, false, "running", time()));

        assertThat(f.decide()).isEmpty();
    }

    @Test
    void withNoFurtherProbesTheReferencesTauStarIsKept() {
        PolicyFixture none = new PolicyFixture(Map.of(ControllerConfig.MIN_RUNS.key(), "3",
                ControllerConfig.PROBE_PERIOD.key(), "20", ControllerConfig.REFINE_PROBES.key(), "0"));
        none.runs(4, 20);
        none.baseline(4, 9);
        none.decide();
        none.facts.record(reference());
        none.decide();

        assertThat(none.decide()).isEmpty();
        assertThat(none.policy.status().tauStar()).isEqualTo(12);
    }
}
