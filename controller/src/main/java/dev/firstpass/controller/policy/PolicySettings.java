package dev.firstpass.controller.policy;

import dev.firstpass.controller.command.CommandMode;
import dev.firstpass.core.protocol.PerturbationKind;
import java.util.Map;

/**
 * How the controller decides for each experiment; validated by the configuration that builds it.
 *
 * @param target the target whose statistics drive decisions
 * @param kind the perturbation commanded
 * @param params its parameters (the kind's defaults fill the rest)
 * @param mode how kicks are commanded
 * @param leadEpochs a schedule's first kick comes at least this many epochs after the run's last
 *     reported epoch, so that the command reaches the trainer before that epoch ends
 * @param minRuns the fewest baseline runs whose statistics may start the probe
 * @param probeShare the share of controllable runs put in the probe arm
 * @param probePeriod the probe's period tau0, or 0 to choose it from t_QSS
 * @param probeMinPeriod the shortest automatic tau0
 * @param probePeriodStep an automatic tau0 is rounded up to a multiple of this
 * @param holdoutShare the share of runs kept unperturbed while exploiting
 * @param maxKicksPerRun the most kicks one run may get
 * @param hysteresis consecutive statistics updates needed to change tau*, to switch back, or to exploit
 *     again after switching back
 * @param dryRun decide and record, but send no command
 * @param seed seeds the draws that put runs into arms
 */
public record PolicySettings(double target, PerturbationKind kind, Map<String, Double> params, CommandMode mode,
        int leadEpochs, int minRuns, double probeShare, int probePeriod, int probeMinPeriod, int probePeriodStep,
        double holdoutShare, int maxKicksPerRun, int hysteresis, boolean dryRun, long seed) {

    public PolicySettings {
        params = Map.copyOf(params);
    }

    /**
     * tau0 for a baseline whose quasi-steady state starts at {@code tQss}: the configured period (raised to
     * t_QSS if shorter), or else max(t_QSS, minimum) rounded up to a multiple of the step.
     */
    public int probePeriodFor(int tQss) {
        if (probePeriod > 0) {
            return Math.max(probePeriod, tQss);
        }
        int shortest = Math.max(tQss, probeMinPeriod);
        return (shortest + probePeriodStep - 1) / probePeriodStep * probePeriodStep;
    }
}
