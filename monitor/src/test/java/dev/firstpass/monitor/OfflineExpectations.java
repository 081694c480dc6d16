package dev.firstpass.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.core.fpt.analysis.ArmObservation;
import dev.firstpass.core.fpt.analysis.BaselineSummary;
import dev.firstpass.core.fpt.analysis.ExperimentReport;
import dev.firstpass.core.fpt.analysis.PredictionPoint;
import dev.firstpass.core.fpt.analysis.TargetReport;
import dev.firstpass.core.protocol.FptStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/** Published statistics checked field by field against the offline analysis of the same runs. */
final class OfflineExpectations {

    private OfflineExpectations() {
    }

    private static Integer orNull(OptionalInt value) {
        return value.isPresent() ? value.getAsInt() : null;
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    static void baseline(FptStats stats, ExperimentReport offline, TargetReport report, String arm) {
        BaselineSummary b = report.baseline();
        assertThat(stats.arm()).isEqualTo(arm);
        assertThat(stats.target()).isEqualTo(report.target().threshold());
        assertThat(stats.direction()).isEqualTo("max");
        assertThat(stats.runs()).isEqualTo(b.runs());
        assertThat(stats.censored()).isEqualTo(b.censored());
        assertThat(stats.survival()).containsExactly(Arrays.stream(b.survival().values()).boxed().toArray(Double[]::new));
        assertThat(stats.tQss()).isEqualTo(orNull(b.tQss()));
        assertThat(stats.hazard()).isEqualTo(finite(b.hazard()));
        assertThat(stats.mfpt()).isEqualTo(finite(b.mfpt()));
        assertThat(stats.mfptExtrapolated()).isEqualTo(b.mfptExtrapolated());
        assertThat(stats.mfptIsLowerBound()).isEqualTo(b.mfptIsLowerBound());
        assertThat(stats.cv()).isEqualTo(finite(b.cv()));
        assertThat(stats.predictions()).isEmpty();
        assertThat(stats.reason()).isEqualTo("unperturbed baseline: " + offline.qss().explanation());
    }

    static void probe(FptStats stats, ExperimentReport offline, TargetReport report, String armName) {
        ArmObservation arm = report.arms().stream().filter(a -> a.name().equals(armName)).findFirst().orElseThrow();
        assertThat(stats.arm()).isEqualTo(armName);
        assertThat(stats.runs()).isEqualTo(arm.runs());
        assertThat(stats.censored()).isEqualTo(arm.censored());
        assertThat(stats.survival()).containsExactly(Arrays.stream(arm.survival().values()).boxed().toArray(Double[]::new));
        assertThat(stats.mfpt()).isEqualTo(finite(arm.observedMfpt()));
        assertThat(stats.mfptIsLowerBound()).isEqualTo(arm.observedIsLowerBound());
        assertThat(stats.tQss()).isEqualTo(orNull(report.baseline().tQss()));
        assertThat(stats.hazard()).isEqualTo(finite(report.baseline().hazard()));
        assertThat(stats.cv()).isEqualTo(finite(report.baseline().cv()));
        assertThat(stats.tRel()).isEqualTo(offline.relaxation().map(r -> r.tRel()).orElse(null));
        assertThat(stats.tauMin()).isEqualTo(orNull(report.tauMin()));
        List<FptStats.Prediction> expected = new ArrayList<>();
        for (PredictionPoint p : report.predictions()) {
            expected.add(new FptStats.Prediction(p.tau(), finite(p.mfpt()), finite(p.interval().low()),
                    finite(p.interval().high()), p.valid()));
        }
        assertThat(stats.predictions()).containsExactlyElementsOf(expected);
        assertThat(stats.tauStar()).isEqualTo(orNull(report.bestTau()));
        assertThat(stats.tauStarLow()).isEqualTo((int) Math.floor(report.bestTauInterval().low()));
        assertThat(stats.tauStarHigh()).isEqualTo((int) Math.ceil(report.bestTauInterval().high()));
        assertThat(stats.recommend()).isEqualTo(report.recommend());
        assertThat(stats.reason()).isEqualTo(report.reason());
    }
}
