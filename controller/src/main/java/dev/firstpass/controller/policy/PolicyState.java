package dev.firstpass.controller.policy;

import dev.firstpass.core.protocol.Decision;
import dev.firstpass.core.protocol.Evidence;
import dev.firstpass.core.protocol.Phase;
import dev.firstpass.core.protocol.Role;
import dev.firstpass.core.protocol.Schedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The state of one experiment's policy, as a fold over its decisions: applying the same decisions in
 * the same order always gives the same state, which is how a restarted controller resumes.
 */
final class PolicyState {

    Phase phase = Phase.OBSERVE;
    Integer tQss;
    Integer tau0;
    Integer tauStar;
    Integer tauLow;
    Integer tauHigh;
    /** Whether the experiment ever switched back from exploiting; exploiting again then needs hysteresis. */
    boolean switchedBack;
    Evidence evidence;
    /**
     * The period a further probe is measuring while exploiting, or the provisional probe's while observing
     * (which stays a further probe when tau0 turns out longer), or null.
     */
    Integer refining;
    /** The period of the provisional probe, the one added while observing; null before it is added. */
    Integer provisional;
    /** How many groups of runs the further probe in progress was given: 1 when added, 2 once extended. */
    int refiningGroups;
    /**
     * The tau* in force before tau* moved, on a first group, to the period a further probe is still measuring;
     * null when tau* is not such a tentative one. The probe is judged against it when it concludes.
     */
    Integer tentativeFrom;
    /** Periods the reference probe was at, in order: the first, and any it moved to when it predicted nothing. */
    final List<Integer> references = new ArrayList<>();
    /** Periods whose further probe concluded, in the order they were measured. */
    final List<Integer> refined = new ArrayList<>();
    long sequence;
    final TreeMap<String, RunPlan> plans = new TreeMap<>();

    PolicyState copy() {
        PolicyState copy = new PolicyState();
        copy.phase = phase;
        copy.tQss = tQss;
        copy.tau0 = tau0;
        copy.tauStar = tauStar;
        copy.tauLow = tauLow;
        copy.tauHigh = tauHigh;
        copy.switchedBack = switchedBack;
        copy.evidence = evidence;
        copy.refining = refining;
        copy.provisional = provisional;
        copy.refiningGroups = refiningGroups;
        copy.tentativeFrom = tentativeFrom;
        copy.refined.addAll(refined);
        copy.references.addAll(references);
        copy.sequence = sequence;
        plans.forEach((run, plan) -> copy.plans.put(run, plan.copy()));
        return copy;
    }

    RunPlan plan(String runId) {
        return plans.get(runId);
    }

    /** The runs whose role is {@code role}, by id. */
    List<String> runsIn(Role role) {
        return plans.entrySet().stream().filter(e -> e.getValue().role == role).map(Map.Entry::getKey).toList();
    }

    /** The runs assigned to {@code arm}, by id. */
    List<String> runsIn(String arm) {
        return plans.entrySet().stream().filter(e -> arm.equals(e.getValue().arm)).map(Map.Entry::getKey).toList();
    }

    void apply(Decision decision) {
        sequence = Math.max(sequence, decision.sequence());
        switch (decision.type()) {
            case PHASE_CHANGED -> changePhase(decision);
            case TAU_CHANGED -> {
                // A move to the period still being measured is tentative until its probe concludes; any other
                // move (the reference's tau* moved, or the probe concluded) replaces what it was compared with.
                boolean tentative = refining != null && refining.equals(decision.tau());
                tentativeFrom = !tentative ? null : tentativeFrom != null ? tentativeFrom : tauStar;
                tauStar = decision.tau();
                tauLow = decision.tauLow();
                tauHigh = decision.tauHigh();
                evidence = decision.evidence();
            }
            case ARM_ASSIGNED -> {
                RunPlan plan = plans.computeIfAbsent(decision.runId(), id -> new RunPlan());
                plan.role = decision.role();
                plan.arm = decision.arm();
                plan.period = decision.tau();
                plan.fromEpoch = decision.epoch();
            }
            case COMMAND_ISSUED -> {
                RunPlan plan = plans.computeIfAbsent(decision.runId(), id -> new RunPlan());
                Schedule schedule = decision.command().schedule();
                plan.commands.add(new RunPlan.Issued(decision.commandId(), schedule, decision.epoch()));
                if (schedule instanceof Schedule.Periodic periodic) {
                    plan.period = periodic.every();
                    plan.fromEpoch = periodic.fromEpoch();
                } else if (schedule instanceof Schedule.Stop) {
                    plan.role = Role.STOPPED;
                }
            }
            case PROBE_ADDED -> {
                // Added again for the period it is measuring: the probe was extended by a second group.
                refiningGroups = decision.tau().equals(refining) ? refiningGroups + 1 : 1;
                refining = decision.tau();
                if (decision.phase() == Phase.OBSERVE) {
                    provisional = decision.tau();
                }
            }
            case PROBE_CONCLUDED -> {
                refined.add(decision.tau());
                refining = null;
                refiningGroups = 0;
                tentativeFrom = null;
            }
            case REFUSAL_SEEN -> plans.computeIfAbsent(decision.runId(), id -> new RunPlan()).refusalsSeen
                    .add(decision.commandId());
            default -> throw new IllegalStateException("unknown decision type " + decision.type());
        }
    }

    private void changePhase(Decision decision) {
        Phase from = phase;
        phase = decision.phase();
        evidence = decision.evidence();
        if (phase == Phase.PROBE) {
            tau0 = decision.tau();
            if (!references.contains(tau0)) {
                references.add(tau0);
            }
            if (from != Phase.EXPLOIT && evidence != null && evidence.tQss() != null) {
                tQss = evidence.tQss();
            }
            if (from == Phase.OBSERVE && tau0.equals(refining)) {
                // The provisional probe is at tau0: it is the reference probe's first runs, not a further probe.
                refining = null;
                refiningGroups = 0;
            }
            if (from == Phase.EXPLOIT) {
                switchedBack = true;
                refining = null;
                refiningGroups = 0;
                tentativeFrom = null;
            }
            tauStar = null;
            tauLow = null;
            tauHigh = null;
        } else if (phase == Phase.EXPLOIT) {
            tauStar = decision.tau();
            tauLow = decision.tauLow();
            tauHigh = decision.tauHigh();
        }
    }

    Map<String, RunPlan> plans() {
        return plans;
    }
}
