package dev.firstpass.controller.policy;

import dev.firstpass.controller.command.CommandMode;
import dev.firstpass.core.protocol.PerturbationKind;
import dev.firstpass.core.protocol.FptStats;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * How the controller decides for each experiment; validated by the configuration that builds it.
 *
 * @param target the target whose statistics drive decisions
 * @param kind the perturbation commanded
 * @param params its parameters (the kind's defaults fill the rest)
 * @param mode how kicks are commanded
 * @param leadEpochs a schedule's first kick comes at least this many epochs after the run's last
 *     reported epoch, so that the command reaches the trainer before that epoch ends
 * @param minRuns the runs of the reference probe and of a further probe in full (its first group is half), and
 *     the fewest unperturbed runs the baseline keeps while exploiting
 * @param baselineRuns the unperturbed runs the baseline is observed with before probing; runs that start while it
 *     is observed beyond these join the provisional probe
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
 * @param refineProbes the most further probes that may measure periods below the reference probe's validity
 *     floor while exploiting; 0 adopts the reference's tau* as it is
 * @param periods the only periods runs may be kicked at, ascending; empty for any period
 * @param protocolFixedAtStart runs get their arm before their first epoch and keep it: runs already training
 *     when probing starts stay in the baseline, and exploited runs are never rescheduled or stopped (for
 *     trainers that cannot change protocol mid-run, such as recorded runs replayed in a backtest)
 */
public record PolicySettings(double target, PerturbationKind kind, Map<String, Double> params, CommandMode mode,
        int leadEpochs, int minRuns, int baselineRuns, double probeShare, int probePeriod, int probeMinPeriod,
        int probePeriodStep, double holdoutShare, int maxKicksPerRun, int hysteresis, boolean dryRun, long seed,
        int refineProbes, List<Integer> periods, boolean protocolFixedAtStart) {

    public PolicySettings {
        params = Map.copyOf(params);
        periods = List.copyOf(new TreeSet<>(periods));
    }

    /**
     * The runs a further probe gets after {@code groups} groups: half of {@code min.runs} (rounded up) per
     * group, at most {@code min.runs}. A first group that settles the comparison ends the probe.
     */
    public int furtherProbeRuns(int groups) {
        return Math.min(minRuns, groups * ((minRuns + 1) / 2));
    }

    /**
     * The period of the provisional probe that runs starting while the baseline is observed join: the
     * shortest tau0 {@link #probePeriodFor} can give, which the reference probe is at whenever t_QSS is no
     * longer, and otherwise a period below the reference's validity floor that is measured anyway.
     */
    public int provisionalPeriod() {
        return probePeriodFor(1);
    }

    /** Whether runs may be kicked every {@code tau} epochs. */
    public boolean allows(int tau) {
        return periods.isEmpty() || periods.contains(tau);
    }

    /**
     * tau0 for a baseline whose quasi-steady state starts at {@code tQss}: the configured period (raised to
     * t_QSS if shorter), or else max(t_QSS, minimum) rounded up to a multiple of the step; when only some
     * periods are allowed, the shortest of them at or above max(t_QSS, minimum), else the longest.
     */
    public int probePeriodFor(int tQss) {
        if (probePeriod > 0) {
            return Math.max(probePeriod, tQss);
        }
        int shortest = Math.max(tQss, probeMinPeriod);
        int automatic = (shortest + probePeriodStep - 1) / probePeriodStep * probePeriodStep;
        return periods.isEmpty() ? automatic : periods.stream().filter(tau -> tau >= shortest).findFirst()
                .orElse(periods.get(periods.size() - 1));
    }

    /**
     * The allowed period with the lowest valid prediction: the monitor's tau* when any period is allowed,
     * else the best of the allowed ones; null when no allowed period has a valid prediction.
     */
    public Integer bestAllowed(FptStats probe) {
        if (periods.isEmpty()) {
            return probe.tauStar();
        }
        return probe.predictions().stream().filter(p -> p.valid() && p.mfpt() != null && allows(p.tau()))
                .min(Comparator.comparingDouble(FptStats.Prediction::mfpt)).map(FptStats.Prediction::tau).orElse(null);
    }
}
