package dev.firstpass.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.controller.policy.ExperimentStatus;
import dev.firstpass.core.protocol.Decision;
import dev.firstpass.core.protocol.DecisionType;
import dev.firstpass.core.protocol.Evidence;
import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.core.protocol.Phase;
import dev.firstpass.core.protocol.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo's verdict, in its exact words, for each way a demo can end. */
class VerdictTest {

    private static final Instant TIME = Instant.parse("2026-11-28T17:00:00Z");
    private static final Verdict.Workload WORKLOAD = new Verdict.Workload(0.7, "test_accuracy", 10,
            "full reset: fresh weights and a fresh learning-rate draw");

    /** Test accuracy per epoch: 0.5 until epoch {@code passes}, then 0.75; never passing when 0. */
    private static List<Double> accuracy(int epochs, int passes) {
        List<Double> values = new ArrayList<>();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            values.add(passes > 0 && epoch >= passes ? 0.75 : 0.5);
        }
        return values;
    }

    private static Decision exploitAt(int tau, Evidence evidence) {
        return new Decision("demo", 9, DecisionType.PHASE_CHANGED, Phase.EXPLOIT, null, null, null, tau, 2, 5, null,
                null, null, false, evidence, "probe-4 recommends kicking every 3 epochs", TIME);
    }

    private static Evidence evidence(double predicted, double low, double high) {
        return new Evidence("probe-4", 0.7, TIME, 5, 6, 1, 3, 2, 5, predicted, low, high, 40.0, 20.0, 80.0, false,
                true, "perturb: ...");
    }

    private static FptStats stats(String arm, Double mfpt, Integer tauStar, List<FptStats.Prediction> predictions,
            String reason) {
        return new FptStats("demo", arm, "test_accuracy", 0.7, "max", 10, 2, List.of(1.0), 6, 0.01, mfpt, false, false,
                1.2, null, 1, predictions, tauStar, tauStar, tauStar, false, reason, TIME);
    }

    @Test
    void anAdoptedPeriodGivesPredictedMeasuredBaselineAndTheComputeSaved() {
        List<DemoRun> runs = List.of(
                new DemoRun("s1", "exploit-3", accuracy(10, 4), List.of(3, 6, 9)),
                new DemoRun("s2", "exploit-3", accuracy(10, 4), List.of(3, 6, 9)),
                new DemoRun("s3", "exploit-3", accuracy(10, 4), List.of(3, 6, 9)),
                // Drawn into exploit while running: its kicks did not start at 3, so it is not measured.
                new DemoRun("s4", "exploit-3", accuracy(10, 9), List.of(5, 8)),
                new DemoRun("s5", "baseline", accuracy(10, 2), List.of()),
                new DemoRun("s6", "baseline", accuracy(10, 0), List.of()));
        ExperimentStatus status = new ExperimentStatus("demo", Phase.EXPLOIT, 4, 3, 2, 5, Map.of(Role.EXPLOIT, 4), 7);

        Verdict verdict = Verdict.of(WORKLOAD, List.of(exploitAt(3, evidence(6.0, 3.5, 11.7))), status, runs,
                List.of());

        assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.PERTURB);
        assertThat(verdict.lines()).containsExactly(
                "Verdict: restart every 3 epochs (full reset: fresh weights and a fresh learning-rate draw).",
                "  predicted  6.0 epochs to test_accuracy 0.7 [3.5, 11.7], when the controller adopted tau* 3 [2, 5]"
                        + " on the monitor's probe-4 record",
                "  measured   4.0 epochs [4.0, 4.0] on the 3 runs kicked every 3 epochs from their start (3 reached"
                        + " the target): consistent with the prediction",
                "  baseline   40.0 epochs [20.0, 80.0] without kicks (1 of 2 baseline runs never reached 0.7 in 10"
                        + " epochs)",
                "  saved      90% of the epochs a run needs to reach the target (80% against the low end of the"
                        + " baseline's interval)");
    }

    @Test
    void aMeasurementOutsideThePredictionIsSaidSo() {
        List<DemoRun> runs = List.of(new DemoRun("s1", "exploit-3", accuracy(10, 4), List.of(3, 6, 9)));

        Verdict verdict = Verdict.of(WORKLOAD, List.of(exploitAt(3, evidence(8.0, 6.0, 11.7))), null, runs,
                List.of());

        assertThat(verdict.lines().get(2)).endsWith(": outside the predicted interval");
    }

    @Test
    void aBetterLookingPeriodWhoseIntervalsOverlapIsNotProven() {
        ExperimentStatus status = new ExperimentStatus("demo", Phase.PROBE, 4, null, null, null, Map.of(), 2);
        List<FptStats> stats = List.of(stats("baseline", 20.0, null, List.of(), "unperturbed baseline: ..."),
                stats("probe-4", 7.0, 3, List.of(new FptStats.Prediction(3, 6.0, 4.0, 25.0, true)),
                        "keep training unperturbed: ... the intervals overlap"));

        Verdict verdict = Verdict.of(WORKLOAD, List.of(), status, List.of(), stats);

        assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.UNDECIDED);
        assertThat(verdict.lines()).containsExactly(
                "Verdict: not proven: restarting every 3 epochs looks faster (6.0 epochs to test_accuracy 0.7 against"
                        + " 20.0 without), but not surely so.",
                "  rule       FirstPass recommends kicking only when the whole interval of the prediction lies below"
                        + " the baseline's; more runs (--runs) narrow both",
                "  monitor    keep training unperturbed: ... the intervals overlap",
                "  controller kept probing and never adopted a period");
    }

    @Test
    void aPeriodNoBetterThanTrainingOnSaysDoNot() {
        ExperimentStatus status = new ExperimentStatus("demo", Phase.PROBE, 4, null, null, null, Map.of(), 2);
        List<FptStats> stats = List.of(stats("baseline", 5.0, null, List.of(), "unperturbed baseline: ..."),
                stats("probe-4", 9.0, 10, List.of(new FptStats.Prediction(10, 5.4, 4.9, 6.1, true)),
                        "keep training unperturbed: full_reset every 10 epochs: predicted MFPT 5.4 [4.9, 6.1] vs the"
                                + " baseline's 5.0 [4.5, 5.6], the intervals overlap"));

        Verdict verdict = Verdict.of(WORKLOAD, List.of(), status, List.of(), stats);

        assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.KEEP_TRAINING);
        assertThat(verdict.lines().get(0)).isEqualTo(
                "Verdict: do not restart: no period gets a run to test_accuracy 0.7 sooner than training on.");
    }

    @Test
    void aDemoThatEndedBeforeTheProbeSaysWhy() {
        List<FptStats> stats = List.of(stats("baseline", null, null, List.of(),
                "waiting for at least 8 baseline runs (have 3)"));

        Verdict verdict = Verdict.of(WORKLOAD, List.of(), null, List.of(), stats);

        assertThat(verdict.lines()).containsExactly(
                "Verdict: no decision: the runs ended while the controller was still in observe.",
                "  monitor    waiting for at least 8 baseline runs (have 3)",
                "  more runs (--runs) or longer ones (--epochs) give the statistics more to go on");
    }

    @Test
    void anUnboundedBaselineIsSaidInWords() {
        List<DemoRun> runs = List.of(new DemoRun("s1", "exploit-3", accuracy(10, 4), List.of(3, 6, 9)),
                new DemoRun("s2", "baseline", accuracy(10, 0), List.of()));
        Evidence unbounded = new Evidence("probe-4", 0.7, TIME, 5, 6, 1, 3, 2, 5, 6.0, 3.5, 11.7, null, null, null,
                false, true, "perturb: ...");

        Verdict verdict = Verdict.of(WORKLOAD, List.of(exploitAt(3, unbounded)), null, runs, List.of());

        assertThat(verdict.lines()).endsWith(
                "  baseline   unbounded without kicks: 1 of 1 baseline runs never reached 0.7 in 10 epochs, and none"
                        + " did once the runs were steady",
                "  saved      without kicks a run may never get there; with a kick every 3 epochs 1 of 1 did");
    }
}
