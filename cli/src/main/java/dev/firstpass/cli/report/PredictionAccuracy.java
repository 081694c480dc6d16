package dev.firstpass.cli.report;

import dev.firstpass.core.fpt.analysis.ArmObservation;
import dev.firstpass.core.fpt.analysis.TargetReport;
import java.util.List;

/**
 * How well the predictions matched the measured arms for one target: the mean absolute relative
 * error over arms whose prediction is valid and whose runs all passed (a censored arm's observed MFPT
 * is only a lower bound, so its error is not a number), leaving out the probe the predictions were
 * fitted on.
 *
 * @param arms the arms the mean is over
 * @param meanAbsoluteRelativeError NaN when no arm qualifies
 */
public record PredictionAccuracy(int arms, double meanAbsoluteRelativeError) {

    public static PredictionAccuracy of(TargetReport target) {
        List<Double> errors = target.arms().stream()
                .filter(arm -> !arm.probe() && arm.censored() == 0 && arm.predictionValid())
                .map(ArmObservation::relativeError)
                .filter(Double::isFinite)
                .toList();
        double mean = errors.stream().mapToDouble(Math::abs).average().orElse(Double.NaN);
        return new PredictionAccuracy(errors.size(), mean);
    }
}
