package dev.firstpass.core.fpt.analysis;

import dev.firstpass.core.fpt.survival.SurvivalCurve;

/**
 * How the probe arm responded to its kicks, for one target.
 *
 * @param period          the probe's kick period tau0
 * @param tRel            post-kick relaxation time (independent of the target)
 * @param periods         observed inter-kick periods behind G
 * @param meanKicks       mean N, kicks before passage
 * @param meanResidual    mean U, epochs after the last kick
 * @param meanSingleKickResponse mean T_I, epochs from one kick to passage
 * @param relaxedHazard   per-epoch passage hazard seen late in the probe's periods (offsets t_rel..tau0), NaN
 *                        when none was at risk there; predictions continue G with the baseline's QSS hazard
 * @param survival        G(s), the post-kick survival on offsets 0..tau0
 */
public record ResponseSummary(int period, int tRel, boolean relaxationResolved, int periods, int passages,
                              int kickedRuns, int censoredRuns, double meanKicks, double meanResidual,
                              double meanSingleKickResponse, double relaxedHazard, SurvivalCurve survival) {
}
