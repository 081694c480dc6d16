package dev.firstpass.core.fpt.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.core.fpt.trajectory.Target;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Validation on real trajectories: CIFAR-100, ResNet-18 with momentum, shrink and perturb. A probe
 * at tau0 = 20 must predict the measured MFPT of the other arms (tau >= 10, no censored runs) within
 * 5% mean absolute relative error for targets 55, 56 and 57.
 */
class DevelopmentSetValidationTest {
    private static final AnalysisSettings SETTINGS = AnalysisSettings.defaults().withResamples(200);

    @Test
    void aProbeAtTwentyPredictsTheOtherArmsOfCifar100WithMomentum() {
        ExperimentInput input = DevelopmentSet.experiment("cifar100/ResNet18Momentum", "test_ACC",
                "testacc_list_s_and_p_reset", 20);
        ExperimentReport report = FirstPassageAnalysis.analyze(input,
                List.of(Target.atLeast(55), Target.atLeast(56), Target.atLeast(57)), SETTINGS, ProgressListener.SILENT);

        assertThat(report.qss().tQss()).as("t_QSS is detected").isPresent();
        int tRel = report.relaxation().orElseThrow().tRel();
        for (TargetReport target : report.targets()) {
            List<ArmObservation> compared = target.arms().stream()
                    .filter(arm -> arm.tau() >= 10 && arm.censored() == 0 && arm.tau() != 20)
                    .toList();
            assertThat(compared).hasSizeGreaterThanOrEqualTo(4);
            double meanAbsoluteError = compared.stream().mapToDouble(arm -> Math.abs(arm.relativeError()))
                    .average().orElseThrow();
            System.out.printf(Locale.ROOT, "target %s: MARE %.2f%% over %d arms%n", target.target(),
                    100 * meanAbsoluteError, compared.size());
            assertThat(meanAbsoluteError).as("target %s", target.target()).isLessThanOrEqualTo(0.05);
            for (PredictionPoint prediction : target.predictions()) {
                if (prediction.tau() < tRel) {
                    assertThat(prediction.valid()).as("tau = %d < t_rel = %d", prediction.tau(), tRel).isFalse();
                }
            }
        }
    }

    /**
     * At high targets the post-kick hazard seen late in the probe's 20-epoch periods decays afterwards
     * (at 59 the baseline's quasi-steady hazard is 0), so continuing G beyond tau0 with it predicts too
     * few epochs at longer periods; the baseline's QSS hazard does not (docs/analysis.md, section 3).
     */
    @Test
    void beyondTheProbesWindowTheHighTargetsArePredictedWithinFivePercent() {
        ExperimentInput input = DevelopmentSet.experiment("cifar100/ResNet18Momentum", "test_ACC",
                "testacc_list_s_and_p_reset", 20);
        ExperimentReport report = FirstPassageAnalysis.analyze(input,
                List.of(Target.atLeast(58), Target.atLeast(59)), SETTINGS, ProgressListener.SILENT);

        int tauMin = report.tauMin().orElseThrow();
        for (TargetReport target : report.targets()) {
            List<ArmObservation> compared = target.arms().stream()
                    .filter(arm -> arm.tau() >= tauMin && arm.censored() == 0 && !arm.probe())
                    .toList();
            assertThat(compared).as("arms compared at %s", target.target()).isNotEmpty();
            double meanAbsoluteError = compared.stream().mapToDouble(arm -> Math.abs(arm.relativeError()))
                    .average().orElseThrow();
            System.out.printf(Locale.ROOT, "target %s: MARE %.2f%% over %d arms%n", target.target(),
                    100 * meanAbsoluteError, compared.size());
            assertThat(meanAbsoluteError).as("target %s", target.target()).isLessThanOrEqualTo(0.05);
        }
    }
}
