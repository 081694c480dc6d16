package dev.firstpass.core.fpt.response;

import dev.firstpass.core.fpt.survival.KaplanMeier;
import dev.firstpass.core.fpt.survival.SurvivalCurve;
import dev.firstpass.core.fpt.survival.SurvivalFunction;
import java.util.Collection;

/**
 * The response of a probe arm kicked every tau0 epochs: G(s), the probability that a run kicked s
 * epochs ago has not passed yet, estimated by Kaplan-Meier over all observed inter-kick periods
 * (censored by the next kick or the end of the run). The probe never shows G beyond tau0; {@link
 * #measure} continues it with the hazard seen late in the observed periods (offsets >= t_rel), and
 * {@link #continuedWith} with any other hazard, such as the quasi-steady state's.
 *
 * <p>Under the quasi-steady state with tau >= t_rel each kick starts a statistically identical period,
 * so N (kicks before passage) is geometric with P(N > n) = G(tau0)^n and U (epochs after the last kick)
 * follows G on 1..tau0: the (N, U) of the theory with censoring handled.
 *
 * @param period          tau0, the probe's kick period
 * @param survival        G with its tail
 * @param periods         observed post-kick periods
 * @param passages        periods that ended with a passage
 * @param kickedRuns      runs that were kicked at least once before passing
 * @param censoredRuns    kicked runs that never passed
 * @param windowHazard    passages per period-epoch at risk at offsets t_rel..tau0, NaN when none was at risk
 */
public record KickResponse(int period, SurvivalFunction survival, int periods, int passages,
                           int kickedRuns, int censoredRuns, double windowHazard) {

    public static KickResponse measure(Collection<KickPeriods> runs, int period, int tRel) {
        int horizon = 0;
        for (KickPeriods run : runs) {
            for (int offset : run.offsets()) {
                horizon = Math.max(horizon, offset);
            }
        }
        if (horizon == 0) {
            throw new IllegalArgumentException(
                    "no probe run was kicked before passing: the response to kicks cannot be measured");
        }
        int[] events = new int[horizon + 1];
        int[] exits = new int[horizon + 1];
        int periods = 0;
        int passages = 0;
        int kickedRuns = 0;
        int censoredRuns = 0;
        long lateExposure = 0;
        int latePassages = 0;
        for (KickPeriods run : runs) {
            if (run.count() > 0) {
                kickedRuns++;
                if (!run.passedAfterKick()) {
                    censoredRuns++;
                }
            }
            for (int i = 0; i < run.count(); i++) {
                int offset = run.offsets()[i];
                boolean passed = run.passedAt()[i];
                periods++;
                exits[offset]++;
                if (passed) {
                    events[offset]++;
                    passages++;
                }
                if (offset >= tRel) {
                    lateExposure += offset - tRel + 1;
                    if (passed) {
                        latePassages++;
                    }
                }
            }
        }
        SurvivalCurve curve = KaplanMeier.fromCounts(events, exits);
        double windowHazard = lateExposure > 0 ? (double) latePassages / lateExposure : Double.NaN;
        SurvivalFunction survival = Double.isNaN(windowHazard)
                ? SurvivalFunction.observedOnly(curve)
                : SurvivalFunction.withQssTail(curve, windowHazard);
        return new KickResponse(period, survival, periods, passages, kickedRuns, censoredRuns, windowHazard);
    }

    /**
     * The same observations, continued beyond the observed offsets with {@code hazard} per epoch: a run
     * that relaxed after its kick is back in the quasi-steady state, whose hazard the baseline measures
     * over far more run-epochs than the late part of a probe's periods (docs/analysis.md, section 3).
     */
    public KickResponse continuedWith(double hazard) {
        return new KickResponse(period, SurvivalFunction.withQssTail(survival.curve(), hazard), periods, passages,
                kickedRuns, censoredRuns, windowHazard);
    }

    /** Mean number of kicks before passage, 1 / (1 - G(tau0)); infinite when no period ends in passage. */
    public double meanKicks() {
        double g = survival.at(period);
        return 1.0 / (1.0 - g);
    }

    /** Mean epochs after the last kick, E[U] = sum over s < tau0 of (G(s) - G(tau0)) / (1 - G(tau0)). */
    public double meanResidual() {
        double g = survival.at(period);
        return (survival.sumBelow(period) - period * g) / (1.0 - g);
    }

    /** Mean single-kick response time, E[T_I]: the sum of G(s) over all s (uses the tail). */
    public double meanSingleKickResponse() {
        return survival.total();
    }
}
