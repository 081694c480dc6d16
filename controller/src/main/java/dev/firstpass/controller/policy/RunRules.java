package dev.firstpass.controller.policy;

import dev.firstpass.controller.command.CommandMode;
import dev.firstpass.controller.facts.ExperimentFacts;
import dev.firstpass.controller.facts.RunFacts;
import dev.firstpass.core.protocol.Phase;
import dev.firstpass.core.protocol.Role;
import dev.firstpass.core.protocol.Schedule;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What each run gets: an arm when it is first seen after observing, the schedule of its arm, a stop
 * when the experiment switches back or the run reaches its kick limit, and in one-shot mode each kick.
 *
 * <p>Only runs that announced themselves controllable, have not finished and never refused a command
 * are commanded; every other run is left alone.
 */
final class RunRules {

    private final String experiment;
    private final PolicySettings settings;

    RunRules(String experiment, PolicySettings settings) {
        this.experiment = experiment;
        this.settings = settings;
    }

    /** Records each refusal of one of the controller's commands once; the run is not commanded again. */
    void refusals(PolicyState state, ExperimentFacts facts, DecisionWriter out) {
        for (RunFacts run : facts.runs()) {
            RunPlan plan = state.plan(run.runId());
            if (plan == null) {
                continue;
            }
            for (Map.Entry<String, String> refusal : run.refusals().entrySet()) {
                String commandId = refusal.getKey();
                if (plan.issued(commandId) && !plan.refusalsSeen.contains(commandId)) {
                    out.refusal(run.runId(), commandId, "run " + run.runId() + " refused command " + commandId + ": "
                            + refusal.getValue() + "; it is not commanded again");
                }
            }
        }
    }

    /** Follows a phase change or a new tau*: new assignments, stops or new schedules for the runs affected. */
    void afterTransition(Phase before, Integer tauBefore, PolicyState state, ExperimentFacts facts,
            DecisionWriter out) {
        if (settings.protocolFixedAtStart()) {
            return;
        }
        if (before == Phase.PROBE && state.phase == Phase.EXPLOIT) {
            // Youngest first: the baseline then keeps its longest unperturbed histories, which hold most of its
            // passages, and the runs with the most budget left are the ones kicked.
            List<RunFacts> baseline = state.runsIn(Role.BASELINE).stream()
                    .flatMap(runId -> commandable(facts, state, runId).stream())
                    .sorted(Comparator.comparingInt(RunFacts::lastEpoch)).toList();
            baseline.forEach(run -> exploitOrHoldOut(state, facts, run, out));
        } else if (before == Phase.EXPLOIT && state.phase == Phase.PROBE) {
            for (String runId : state.runsIn(Role.EXPLOIT)) {
                commandable(facts, state, runId).ifPresent(run -> stop(state, run,
                        "stop: the probe no longer predicts beating the baseline", out));
            }
        } else if (state.phase == Phase.EXPLOIT && before == Phase.EXPLOIT
                && !Objects.equals(tauBefore, state.tauStar)) {
            for (String runId : state.runsIn(Role.EXPLOIT)) {
                commandable(facts, state, runId).ifPresent(run -> reschedule(state, run, out));
            }
        }
    }

    /** Gives every run seen for the first time since observing ended its role and arm. */
    void assignNewRuns(PolicyState state, ExperimentFacts facts, DecisionWriter out) {
        for (RunFacts run : facts.runs()) {
            if (!run.announced() || run.finished() || state.plan(run.runId()) != null) {
                continue;
            }
            if (!run.controllable()) {
                out.assign(run.runId(), Role.EXCLUDED, null, null, null,
                        "it did not announce itself controllable, so it is never commanded");
            } else if (run.announcedArm() != null) {
                out.assign(run.runId(), Role.EXCLUDED, run.announcedArm(), null, null, "it announced its own arm '"
                        + run.announcedArm() + "', which a run keeps, so it is never commanded");
            } else if (settings.protocolFixedAtStart() && run.lastEpoch() > 0) {
                out.assign(run.runId(), Role.BASELINE, Arms.BASELINE, null, null, "it was already training (epoch "
                        + run.lastEpoch() + ") and runs keep the protocol they started with, so it is never commanded");
            } else if (state.phase == Phase.OBSERVE) {
                observed(state, run, out);
            } else if (state.phase == Phase.PROBE) {
                probeOrBaseline(state, facts, run, out);
            } else if (state.refining != null
                    && state.runsIn(Arms.probe(state.refining)).size()
                            < settings.furtherProbeRuns(state.refiningGroups)) {
                furtherProbe(state, run, out);
            } else {
                exploitOrHoldOut(state, facts, run, out);
            }
        }
    }

    /** Periodic mode: stops the schedule of a run whose acknowledged kicks reached the limit. */
    void kickLimits(PolicyState state, ExperimentFacts facts, DecisionWriter out) {
        for (String runId : List.copyOf(state.plans.keySet())) {
            RunPlan plan = state.plan(runId);
            if (plan.role == null || !plan.role.kicked()) {
                continue;
            }
            commandable(facts, state, runId).ifPresent(run -> {
                int applied = plan.commands.stream().filter(RunPlan.Issued::kick)
                        .mapToInt(issued -> run.appliedEpochs(issued.commandId()).size()).sum();
                if (applied >= settings.maxKicksPerRun()) {
                    stop(state, run, "stop: " + applied + " kicks applied, the most allowed per run", out);
                }
            });
        }
    }

    /**
     * One-shot mode: a next-epoch command once the run reports the epoch its next kick is due after. The
     * next kick is due a period after the last one the trainer acknowledged, so kicks that land late never
     * bring two kicks closer than a period.
     */
    void oneShotKicks(PolicyState state, ExperimentFacts facts, DecisionWriter out) {
        for (String runId : List.copyOf(state.plans.keySet())) {
            RunPlan plan = state.plan(runId);
            if (plan.role == null || !plan.role.kicked()) {
                continue;
            }
            commandable(facts, state, runId).ifPresent(run -> oneShot(plan, run, out));
        }
    }

    private void oneShot(RunPlan plan, RunFacts run, DecisionWriter out) {
        List<RunPlan.Issued> kicks = plan.commands.stream().filter(RunPlan.Issued::oneShot).toList();
        if (kicks.size() >= settings.maxKicksPerRun()) {
            out.assign(run.runId(), Role.STOPPED, plan.arm, null, null, "kick limit: " + kicks.size()
                    + " one-shot kicks commanded, the most allowed per run");
            return;
        }
        if (!kicks.isEmpty() && !run.answered(kicks.get(kicks.size() - 1).commandId())) {
            return;
        }
        Integer lastApplied = kicks.stream().flatMap(k -> run.appliedEpochs(k.commandId()).stream())
                .max(Integer::compare).orElse(null);
        int due = lastApplied == null ? plan.fromEpoch : Math.max(plan.fromEpoch, lastApplied + plan.period);
        if (run.lastEpoch() >= due) {
            out.command(run.runId(), "kick-" + due, Schedule.nextEpoch(), plan.arm, plan.period, due,
                    "one-shot kick due after epoch " + due + " (every " + plan.period + " epochs); the run reported"
                            + " epoch " + run.lastEpoch());
        }
    }

    /**
     * While the baseline is observed: its first {@code baseline.runs} new runs are assigned to it and left
     * unperturbed; the next ones join the provisional probe, one group of a further probe at the shortest period
     * tau0 can have. tau0 cannot be shorter, so the provisional probe is either the reference probe's start or
     * a measurement below its validity floor, where the best period often lies; either way those runs do not
     * spend their budget unperturbed. Runs beyond that group, and runs already training when first seen, wait
     * for the probe's draw.
     */
    private void observed(PolicyState state, RunFacts run, DecisionWriter out) {
        if (run.lastEpoch() > 0) {
            return;
        }
        long baseline = state.runsIn(Role.BASELINE).size();
        if (baseline < settings.baselineRuns()) {
            out.assign(run.runId(), Role.BASELINE, Arms.BASELINE, null, null, "observed unperturbed: run "
                    + (baseline + 1) + " of the " + settings.baselineRuns() + " the baseline is observed with, so it is"
                    + " never commanded");
            return;
        }
        int period = settings.provisionalPeriod();
        String arm = Arms.probe(period);
        long provisional = state.runsIn(arm).size();
        int group = settings.furtherProbeRuns(1);
        if (provisional >= group) {
            return;
        }
        if (provisional == 0) {
            out.probeAdded(period, null, "the baseline has its " + settings.baselineRuns() + " runs while it is"
                    + " observed: later runs join a provisional probe at " + period + ", the shortest period tau0 can"
                    + " have, with " + group + " runs; it is the reference probe if t_QSS is no longer, and otherwise"
                    + " a further probe below the reference's validity floor");
        }
        // A run at its first epoch: kicked after epochs period, 2 period, ..., the protocol the probes measure.
        assignKicked(run, Role.PROBE, arm, period, period, "starts while the baseline is observed and joins the"
                + " provisional probe at " + period + ", which has " + provisional + " of its " + group + " runs",
                "provisional probe: kick every " + period + " epochs from epoch " + period, out);
    }

    private void probeOrBaseline(PolicyState state, ExperimentFacts facts, RunFacts run, DecisionWriter out) {
        double draw = SeededDraw.of(settings.seed(), "probe", experiment, run.runId());
        // A run that starts while probing joins the probe until it has min.runs runs: the baseline has as many
        // already (probing starts only then), and a new run has no history a draw would have to balance.
        boolean probeShort = run.lastEpoch() == 0
                && state.runsIn(Arms.probe(state.tau0)).size() < settings.minRuns();
        Optional<String> outOfReach = probeShort ? Optional.empty() : facts.stats(Arms.probe(state.tau0),
                settings.target()).flatMap(probe -> RecommendationReach.outOfReach(probe, state.tau0,
                        facts.stats(Arms.BASELINE, settings.target()).orElse(null)));
        if (outOfReach.isPresent()) {
            out.assign(run.runId(), Role.BASELINE, Arms.BASELINE, null, null, "stays unperturbed: "
                    + outOfReach.get() + ", so it is never commanded");
            return;
        }
        if (!probeShort && draw >= settings.probeShare()) {
            out.assign(run.runId(), Role.BASELINE, Arms.BASELINE, null, null, "drawn into the baseline (draw "
                    + share(draw) + " >= probe share " + settings.probeShare() + "), so it is never commanded");
            return;
        }
        int tau0 = state.tau0;
        int from = Math.max(tau0, run.lastEpoch() + settings.leadEpochs());
        String arm = Arms.probe(tau0);
        String why = probeShort
                ? "starts while probing and joins the probe, which has " + state.runsIn(arm).size() + " of its first "
                        + settings.minRuns() + " runs"
                : "drawn into the probe (draw " + share(draw) + " < probe share " + settings.probeShare() + ")";
        assignKicked(run, Role.PROBE, arm, tau0, from, why, "probe: kick every " + tau0 + " epochs from epoch " + from
                + ", the first epoch at least " + settings.leadEpochs() + " after the run's last (" + run.lastEpoch()
                + ") and at least tau0 (tau0 >= t_QSS " + state.tQss + ")", out);
    }

    /** A new run while a further probe still lacks runs: it joins that probe, so the probe fills first. */
    private void furtherProbe(PolicyState state, RunFacts run, DecisionWriter out) {
        int tau = state.refining;
        int from = Math.max(tau, run.lastEpoch() + settings.leadEpochs());
        String arm = Arms.probe(tau);
        assignKicked(run, Role.PROBE, arm, tau, from, "joins the further probe at " + tau + ", which has "
                + state.runsIn(arm).size() + " of its " + settings.furtherProbeRuns(state.refiningGroups) + " runs",
                "further probe: kick every " + tau + " epochs from epoch " + from, out);
    }

    private void exploitOrHoldOut(PolicyState state, ExperimentFacts facts, RunFacts run, DecisionWriter out) {
        double draw = SeededDraw.of(settings.seed(), "holdout", experiment, run.runId());
        if (draw < settings.holdoutShare()) {
            out.assign(run.runId(), Role.HOLDOUT, Arms.BASELINE, null, null, "held out as baseline (draw "
                    + share(draw) + " < holdout share " + settings.holdoutShare() + "), so it is never commanded");
            return;
        }
        // A run takes its whole trajectory into the arm it joins, so a run exploited after training unperturbed
        // leaves the baseline that all predictions rest on, which keeps at least min.runs runs for the monitor to
        // compare with. A run that starts now takes nothing from it.
        long baseline = baselineRuns(state, facts);
        if (run.lastEpoch() > 0 && baseline - 1 < settings.minRuns()) {
            out.assign(run.runId(), Role.HOLDOUT, Arms.BASELINE, null, null, "held out as baseline, which must keep"
                    + " at least " + settings.minRuns() + " runs (it has " + baseline + "), so it is never commanded");
            return;
        }
        int tau = state.tauStar;
        int from = Math.max(tau, run.lastEpoch() + settings.leadEpochs());
        String arm = Arms.exploit(tau);
        assignKicked(run, Role.EXPLOIT, arm, tau, from, "exploits tau* = " + tau + " (draw " + share(draw)
                + " >= holdout share " + settings.holdoutShare() + ")", "exploit: kick every " + tau + " epochs from"
                + " epoch " + from, out);
    }

    /**
     * Assigns {@code run} to a kicked arm for {@code why} and, in periodic mode, commands its schedule at once: a
     * kick every {@code tau} epochs from epoch {@code from}, for {@code scheduleWhy}. In one-shot mode each kick is
     * commanded when it is due.
     */
    private void assignKicked(RunFacts run, Role role, String arm, int tau, int from, String why, String scheduleWhy,
            DecisionWriter out) {
        out.assign(run.runId(), role, arm, tau, from, why);
        if (settings.mode() == CommandMode.PERIODIC) {
            out.command(run.runId(), arm, Schedule.every(tau).fromEpoch(from), arm, tau, from, scheduleWhy);
        }
    }

    private void reschedule(PolicyState state, RunFacts run, DecisionWriter out) {
        RunPlan plan = state.plan(run.runId());
        int tau = state.tauStar;
        int from = run.lastEpoch() + settings.leadEpochs();
        String reason = "tau* changed to " + tau + ": kick every " + tau + " epochs from epoch " + from
                + " (the run keeps its arm " + plan.arm + ")";
        if (settings.mode() == CommandMode.PERIODIC) {
            out.command(run.runId(), Arms.exploit(tau), Schedule.every(tau).fromEpoch(from), plan.arm, tau, from,
                    reason);
        } else {
            out.assign(run.runId(), Role.EXPLOIT, plan.arm, tau, from, reason);
        }
    }

    private void stop(PolicyState state, RunFacts run, String reason, DecisionWriter out) {
        RunPlan plan = state.plan(run.runId());
        if (settings.mode() == CommandMode.PERIODIC) {
            out.command(run.runId(), "stop", Schedule.stop(), plan.arm, null, null, reason);
        } else {
            out.assign(run.runId(), Role.STOPPED, plan.arm, null, null, reason);
        }
    }

    /** Runs the monitor counts in the baseline arm: every run that reports no arm of its own. */
    private static long baselineRuns(PolicyState state, ExperimentFacts facts) {
        return facts.runs().stream().filter(run -> run.announced() || run.lastEpoch() > 0).filter(run -> {
            RunPlan plan = state.plan(run.runId());
            return plan == null || plan.role == Role.BASELINE || plan.role == Role.HOLDOUT
                    || (plan.role == Role.EXCLUDED && plan.arm == null);
        }).count();
    }

    /** The run if it may be commanded: known, controllable, not finished, and it never refused a command. */
    private static Optional<RunFacts> commandable(ExperimentFacts facts, PolicyState state, String runId) {
        RunPlan plan = state.plan(runId);
        return facts.run(runId).filter(RunFacts::commandable).filter(run -> plan == null || !plan.refused());
    }

    private static String share(double draw) {
        return String.format(Locale.ROOT, "%.3f", draw);
    }
}
