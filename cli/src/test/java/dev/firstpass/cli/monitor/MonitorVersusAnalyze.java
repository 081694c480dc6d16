package dev.firstpass.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.core.fpt.analysis.ArmObservation;
import dev.firstpass.core.fpt.analysis.BaselineSummary;
import dev.firstpass.core.fpt.analysis.ExperimentReport;
import dev.firstpass.core.fpt.analysis.TargetReport;
import dev.firstpass.core.fpt.qss.Relaxation;
import dev.firstpass.core.protocol.FptStats;
import java.util.Arrays;
import java.util.OptionalInt;

/** The monitor's published statistics checked field by field against what firstpass analyze computes. */
final class MonitorVersusAnalyze {

    private MonitorVersusAnalyze() {
    }

    static void baseline(FptStats stats, TargetReport report) {
        BaselineSummary b = report.baseline();
        assertThat(stats.reason()).startsWith("unperturbed baseline: ");
        assertThat(stats.runs()).isEqualTo(b.runs());
        assertThat(stats.censored()).isEqualTo(b.censored());
        assertThat(stats.survival()).containsExactly(boxed(b.survival().values()));
        assertThat(stats.tQss()).isEqualTo(orNull(b.tQss()));
        assertThat(stats.hazard()).isEqualTo(finite(b.hazard()));
        assertThat(stats.mfpt()).isEqualTo(finite(b.mfpt()));
        assertThat(stats.mfptExtrapolated()).isEqualTo(b.mfptExtrapolated());
        assertThat(stats.mfptIsLowerBound()).isEqualTo(b.mfptIsLowerBound());
        assertThat(stats.cv()).isEqualTo(finite(b.cv()));
    }

    static void probe(FptStats stats, ExperimentReport offline, TargetReport report, String armName) {
        ArmObservation arm = report.arms().stream().filter(a -> a.name().equals(armName)).findFirst().orElseThrow();
        assertThat(stats.reason()).isEqualTo(report.reason());
        assertThat(stats.runs()).isEqualTo(arm.runs());
        assertThat(stats.censored()).isEqualTo(arm.censored());
        assertThat(stats.survival()).containsExactly(boxed(arm.survival().values()));
        assertThat(stats.mfpt()).isEqualTo(finite(arm.observedMfpt()));
        assertThat(stats.mfptIsLowerBound()).isEqualTo(arm.observedIsLowerBound());
        assertThat(stats.tQss()).isEqualTo(orNull(report.baseline().tQss()));
        assertThat(stats.hazard()).isEqualTo(finite(report.baseline().hazard()));
        assertThat(stats.cv()).isEqualTo(finite(report.baseline().cv()));
        assertThat(stats.tRel()).isEqualTo(offline.relaxation().map(Relaxation::tRel).orElse(null));
        assertThat(stats.tauMin()).isEqualTo(orNull(report.tauMin()));
        // Every prediction with its bootstrap interval: the same runs in the same order and the same
        // seed per target draw the same resamples.
        assertThat(stats.predictions()).containsExactlyElementsOf(report.predictions().stream()
                .map(p -> new FptStats.Prediction(p.tau(), finite(p.mfpt()), finite(p.interval().low()),
                        finite(p.interval().high()), p.valid()))
                .toList());
        assertThat(stats.tauStar()).isEqualTo(orNull(report.bestTau()));
        assertThat(stats.tauStarLow()).isEqualTo(floor(report.bestTauInterval().low()));
        assertThat(stats.tauStarHigh()).isEqualTo(ceil(report.bestTauInterval().high()));
        assertThat(stats.recommend()).isEqualTo(report.recommend());
    }

    private static Integer floor(double value) {
        return Double.isFinite(value) ? (int) Math.floor(value) : null;
    }

    private static Integer ceil(double value) {
        return Double.isFinite(value) ? (int) Math.ceil(value) : null;
    }

    private static Double[] boxed(double[] values) {
        return Arrays.stream(values).boxed().toArray(Double[]::new);
    }

    private static Integer orNull(OptionalInt value) {
        return value.isPresent() ? value.getAsInt() : null;
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
