package dev.firstpass.core.fpt.analysis;

import dev.firstpass.core.fpt.predict.LinearResponse;
import dev.firstpass.core.fpt.trajectory.Target;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Everything the analysis says about one target: baseline statistics, the response of the probe,
 * predictions over tau with intervals, the measured arms, tau* and whether to perturb.
 *
 * @param bestTau            tau*, the valid period with the lowest predicted MFPT
 * @param bestTauInterval    the bootstrap interval of tau*
 * @param bestTauAtEdge      tau* sits at the lower edge of the validity range, where it often lands
 * @param recommend          perturb at tau*: its whole interval lies below the baseline's
 */
public record TargetReport(Target target, BaselineSummary baseline, Optional<ResponseSummary> response,
                           OptionalInt tauMin, List<PredictionPoint> predictions, List<ArmObservation> arms,
                           OptionalInt bestTau, Interval bestTauInterval, boolean bestTauAtEdge,
                           boolean recommend, String reason, Optional<LinearResponse> linearResponse,
                           FullResetSummary fullReset) {

    public TargetReport {
        predictions = List.copyOf(predictions);
        arms = List.copyOf(arms);
    }

    /** The prediction at {@code tau}, if it lies on the predicted range. */
    public Optional<PredictionPoint> predictionAt(int tau) {
        return tau >= 1 && tau <= predictions.size() ? Optional.of(predictions.get(tau - 1)) : Optional.empty();
    }
}
