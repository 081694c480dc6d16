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
import dev.firstpass.core.protocol.Phase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The baseline is observed with {@code baseline.runs} = 2 runs; the next runs form a provisional probe of one
 * group (2 of {@code min.runs} = 4) at 10, the shortest tau0 can be (minimum 10, step 5). It is the reference
 * when t_QSS is no longer, and a further probe below the reference's floor otherwise; a reference that predicts
 * nothing moves to the period its statistics call for.
 */
class ProvisionalProbeTest {
    private static final Instant T0 = Instant.parse("2025-02-06T13:00:00Z");

    private static final Map<String, String> SETTINGS = Map.of(ControllerConfig.BASELINE_RUNS.key(), "2",
            ControllerConfig.MIN_RUNS.key(), "4", ControllerConfig.PROBE_PERIOD_STEP.key(), "5",
            ControllerConfig.HOLDOUT_SHARE.key(), "0");

    private final PolicyFixture f = new PolicyFixture(SETTINGS);
    private int updates;

    /** Starts fresh runs "n{from}", ... one at a time, deciding after each; returns what each was assigned. */
    private List<String> newRuns(int from, int count) {
        List<String> assigned = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            f.started("n" + i, true);
            ofType(f.decide(), DecisionType.ARM_ASSIGNED).forEach(d -> assigned.add(d.runId() + " " + d.arm()));
        }
        return assigned;
    }

    /** n1, n2 in the baseline and n3, n4 in the provisional probe, all at their first epoch. */
    private void observing() {
        newRuns(1, 4);
    }

    /**
     * Observing with the provisional probe at 10, then t_QSS 17: the reference probe at 20 fills with 4 runs and
     * recommends, with tau_min 17 and the predictions given (the first at tau*). Returns the decisions that follow.
     */
    private List<Decision> referenceAt20Recommending(FptStats.Prediction... predictions) {
        observing();
        f.baseline(2, 17);
        f.decide();
        newRuns(5, 4);
        f.facts.record(probeArm(20, 8, 17, List.of(predictions), true, 27, 28, 28, 29));
        return f.decide();
    }

    /** A probe arm's record: {@code runs} runs that all passed at the epochs given, and its analysis. */
    private FptStats probeArm(int tau, Integer tRel, Integer tauMin, List<FptStats.Prediction> predictions,
            boolean recommend, int... passages) {
        double mfpt = java.util.stream.IntStream.of(passages).average().orElseThrow();
        return new FptStats(EXPERIMENT, Arms.probe(tau), "test_acc", TARGET, FptStats.MAX, passages.length, 0,
                survivalOf(passages), 9, 0.0, mfpt, false, false, null, tRel, tauMin, predictions,
                predictions.isEmpty() ? null : predictions.get(0).tau(), null, null, recommend,
                recommend ? "perturb" : "no valid prediction", T0.plusSeconds(++updates));
    }

    @Test
    void runsStartingWhileTheBaselineIsObservedFillItThenOneGroupOfAProvisionalProbeAtTheShortestTau0() {
        List<String> assigned = newRuns(1, 5);

        assertThat(assigned).containsExactly("n1 baseline", "n2 baseline", "n3 probe-10", "n4 probe-10");
        assertThat(ofType(f.trail, DecisionType.PROBE_ADDED)).singleElement().satisfies(d -> {
            assertThat(d.tau()).isEqualTo(10);
            assertThat(d.phase()).isEqualTo(Phase.OBSERVE);
            assertThat(d.reason()).isEqualTo("the baseline has its 2 runs while it is observed: later runs join a"
                    + " provisional probe at 10, the shortest period tau0 can have, with 2 runs; it is the reference"
                    + " probe if t_QSS is no longer, and otherwise a further probe below the reference's validity"
                    + " floor");
        });
        assertThat(commands(f.trail)).extracting(PolicyFixture::describe)
                .containsExactly("n3 probe-10 every 10 from 10", "n4 probe-10 every 10 from 10");
        // n5 comes after the group: it waits, unassigned, for the probe's draw.
        assertThat(f.policy.status().summary()).isEqualTo("e1: observe, runs: baseline 2, probe 2; 2 commands");
    }

    @Test
    void theProvisionalProbeIsTheReferenceWhenTQssIsNoLongerAndRecommendsOnlyWithItsMinRuns() {
        observing();
        f.baseline(2, 9);
        assertThat(f.decide()).first().satisfies(d -> assertThat(d.tau()).isEqualTo(10));
        FptStats.Prediction at10 = new FptStats.Prediction(10, 12.0, 10.0, 14.0, true);

        f.facts.record(probeArm(10, 5, 10, List.of(at10), true, 12, 13));
        assertThat(f.decide()).isEmpty();
        assertThat(newRuns(5, 2)).containsExactly("n5 probe-10", "n6 probe-10");
        f.facts.record(probeArm(10, 5, 10, List.of(at10), true, 12, 13, 12, 14));

        assertThat(f.decide()).first().satisfies(d -> {
            assertThat(d.phase()).isEqualTo(Phase.EXPLOIT);
            assertThat(d.tau()).isEqualTo(10);
        });
        // Nothing is left to conclude: the provisional runs were the reference's.
        assertThat(ofType(f.decide(), DecisionType.PROBE_CONCLUDED)).isEmpty();
    }

    @Test
    void belowTheReferencesFloorTheProvisionalProbeIsTheFirstFurtherProbeJudgedOnItsGroup() {
        List<Decision> exploit = referenceAt20Recommending(new FptStats.Prediction(20, 28.0, 26.0, 30.0, true),
                new FptStats.Prediction(10, 24.0, 20.0, 28.0, false));
        assertThat(exploit).first().satisfies(d -> assertThat(d.tau()).isEqualTo(20));
        f.finished("n3", 40);
        f.finished("n4", 40);

        f.facts.record(probeArm(10, null, null, List.of(), false, 14, 14));
        List<Decision> concluded = f.decide();

        // 14.0 against 28.0 predicted at 20: beyond 12.71 * 14.0 * 0.029 / sqrt(2) = 3.7 epochs, with the CV of the
        // reference (passages 27-29), the larger.
        assertThat(concluded).extracting(Decision::type).startsWith(DecisionType.PROBE_CONCLUDED,
                DecisionType.TAU_CHANGED);
        assertThat(concluded.get(0).reason()).startsWith("probe-10 measured 14.0 epochs over 2 runs (0 censored)"
                + " against 28.0 epochs at 20 (predicted by probe-20)").endsWith(": 10 becomes tau*");
        assertThat(f.policy.status().tauStar()).isEqualTo(10);
    }

    @Test
    void aWorseProvisionalProbeDoesNotStandInForMeasuringTheBestRankedPeriodBelowTheFloor() {
        referenceAt20Recommending(new FptStats.Prediction(17, 24.0, 22.0, 26.0, true),
                new FptStats.Prediction(12, 26.0, 22.0, 30.0, false),
                new FptStats.Prediction(10, 30.0, 25.0, 35.0, false));
        f.facts.record(probeArm(10, null, null, List.of(), false, 40, 40));
        assertThat(ofType(f.decide(), DecisionType.PROBE_CONCLUDED)).singleElement()
                .satisfies(d -> assertThat(d.reason()).endsWith(": tau* stays 17"));

        List<Decision> added = ofType(f.decide(), DecisionType.PROBE_ADDED);

        // 12 is not predicted to beat 24.0, but tau* sits on the floor, so the period ranked best below it is measured.
        assertThat(added).singleElement().satisfies(d -> {
            assertThat(d.tau()).isEqualTo(12);
            assertThat(d.reason()).contains("tau* sits on the validity floor");
        });
    }

    @Test
    void aReferenceStillRelaxingWhenItsNextKickCameMovesToTheNextPeriodOnceItHasItsMinRuns() {
        observing();
        f.baseline(2, 9);
        f.decide();
        f.facts.record(probeArm(10, 10, null, List.of(), false, 25, 26));
        assertThat(f.decide()).isEmpty();
        newRuns(5, 2);

        f.facts.record(probeArm(10, 10, null, List.of(), false, 25, 26, 25, 27));
        Decision moved = f.decide().get(0);

        assertThat(moved.type()).isEqualTo(DecisionType.PHASE_CHANGED);
        assertThat(moved.phase()).isEqualTo(Phase.PROBE);
        assertThat(moved.tau()).isEqualTo(15);
        assertThat(moved.reason()).isEqualTo("probe-10 over 4 runs: its runs were still relaxing when the next kick"
                + " came (t_rel >= 10); probing moves to every 15 epochs, the period the statistics now call for,"
                + " and probe-10 stays an arm of its own");
        assertThat(newRuns(7, 1)).containsExactly("n7 probe-15");
    }

    @Test
    void aReferenceWhoseRunsAllEndedWithoutARecommendationMovesWhereTQssNowPointsButNeverBack() {
        observing();
        f.baseline(2, 42);
        assertThat(f.decide()).first().satisfies(d -> assertThat(d.tau()).isEqualTo(45));
        newRuns(5, 4);
        for (int i = 5; i <= 8; i++) {
            f.finished("n" + i, 100);
        }
        FptStats.Prediction at45 = new FptStats.Prediction(45, 60.0, 40.0, 90.0, true);
        f.facts.record(probeArm(45, 12, 42, List.of(at45), false, 60, 62, 58, 61));
        assertThat(f.decide()).isEmpty();

        f.baseline(6, 12);
        Decision moved = f.decide().get(0);

        assertThat(moved.tau()).isEqualTo(15);
        assertThat(moved.reason()).startsWith("probe-45 over 4 runs: its runs all ended without a recommendation, and"
                + " the baseline's t_QSS is now 12; probing moves to every 15 epochs");
        // Back at 42, t_QSS would call for 45 again, which was the reference before: the probe stays.
        newRuns(9, 4);
        for (int i = 9; i <= 12; i++) {
            f.finished("n" + i, 100);
        }
        f.baseline(10, 42);
        f.facts.record(probeArm(15, 12, null, List.of(), false, 60, 62, 58, 61));
        assertThat(f.decide()).isEmpty();
        assertThat(f.policy.status().tau0()).isEqualTo(15);
    }

    @Test
    void aPolicyRebuiltFromTheTrailResumesTheProvisionalProbeAndTheMovedReference() {
        observing();
        f.baseline(2, 9);
        f.decide();
        newRuns(5, 2);
        f.facts.record(probeArm(10, 10, null, List.of(), false, 25, 26, 25, 27));
        f.decide();
        ExperimentPolicy restarted = ExperimentPolicy.firstPassage(EXPERIMENT, PolicyFixture.settings(SETTINGS));

        f.trail.forEach(restarted::apply);

        assertThat(restarted.decide(f.facts, f.now())).isEmpty();
        assertThat(restarted.status()).isEqualTo(f.policy.status());
        assertThat(restarted.status().tau0()).isEqualTo(15);
    }
}
