package dev.firstpass.monitor.stats;

import dev.firstpass.core.fpt.trajectory.Trajectory;
import dev.firstpass.monitor.run.RunSnapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * One arm as the analysis will see it: its runs (ordered by run id), its kick period if it was kicked,
 * or why it cannot be analysed.
 *
 * @param period present when the arm's runs were kicked after epochs tau, 2 tau, ...
 * @param problem why the arm cannot be analysed, or null
 */
record ArmPlan(String name, List<Trajectory> runs, OptionalInt period, String problem) {

    /** The arm name of runs that never said theirs. */
    static final String DEFAULT_ARM = "baseline";

    boolean kicked() {
        return period.isPresent() || problem != null;
    }

    /** The arms of {@code runs}, by name; runs without any contiguous epoch are left out. */
    static List<ArmPlan> of(Collection<RunSnapshot> runs) {
        TreeMap<String, List<RunSnapshot>> byArm = new TreeMap<>();
        for (RunSnapshot run : runs) {
            if (!run.values().isEmpty()) {
                byArm.computeIfAbsent(run.arm() == null ? DEFAULT_ARM : run.arm(), k -> new ArrayList<>()).add(run);
            }
        }
        List<ArmPlan> plans = new ArrayList<>();
        byArm.forEach((name, members) -> {
            members.sort(Comparator.comparing(RunSnapshot::runId));
            List<Trajectory> trajectories = members.stream()
                    .map(run -> Trajectory.ofEpochValues(run.runId(), run.valueArray())).toList();
            plans.add(plan(name, members, trajectories));
        });
        return plans;
    }

    // Kicks come from acks, so they state exactly when each run was perturbed; the shared analysis
    // assumes a kick after every multiple of one period, which is checked here rather than assumed.
    private static ArmPlan plan(String name, List<RunSnapshot> members, List<Trajectory> trajectories) {
        int period = members.stream().flatMap(run -> run.kicks().stream()).mapToInt(Integer::intValue).min()
                .orElse(0);
        if (period == 0) {
            return new ArmPlan(name, trajectories, OptionalInt.empty(), null);
        }
        for (RunSnapshot run : members) {
            for (int i = 0; i < run.kicks().size(); i++) {
                if (run.kicks().get(i) != (i + 1) * period) {
                    return new ArmPlan(name, trajectories, OptionalInt.empty(), "arm '" + name
                            + "' is not analysable: run " + run.runId() + " was kicked after epochs " + run.kicks()
                            + ", not after every multiple of one period (" + period + ")");
                }
            }
        }
        return new ArmPlan(name, trajectories, OptionalInt.of(period), null);
    }
}
