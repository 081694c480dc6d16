package dev.firstpass.core.fpt.analysis;

import dev.firstpass.core.fpt.qss.EnsembleProfile;
import dev.firstpass.core.fpt.qss.EnsembleQss;
import dev.firstpass.core.fpt.qss.Relaxation;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The result of analysing one experiment: what holds for every target (QSS, relaxation, validity
 * range, the ensemble profile) and one {@link TargetReport} per target.
 */
public record ExperimentReport(ExperimentInput input, AnalysisSettings settings, EnsembleQss.Detection qss,
                               Optional<Relaxation> relaxation, OptionalInt tauMin, EnsembleProfile baselineProfile,
                               List<TargetReport> targets) {

    public ExperimentReport {
        targets = List.copyOf(targets);
    }

    /** Why no period has a valid prediction, in words; empty when some periods do. */
    public Optional<String> whyNoValidityRange() {
        return tauMin.isPresent()
                ? Optional.empty()
                : Optional.of(Recommendation.whyNoValidityRange(qss, relaxation, input.probePeriod()));
    }
}
