package dev.firstpass.monitor.stats;

import dev.firstpass.core.fpt.trajectory.Trajectory;
import dev.firstpass.core.recording.RecordingFiles;
import dev.firstpass.monitor.run.RunSnapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One arm as the analysis will see it: its runs (in the order of {@link RecordingFiles#RUN_ID_ORDER}, as
 * {@code firstpass analyze} orders them), its kick period and each run's
 * exact kick epochs if it was kicked, or why it cannot be analysed.
 *
 * @param period present when the arm's runs were kicked every {@code period} epochs (at least)
 * @param problem why the arm cannot be analysed, or null
 * @param kickEpochs the acknowledged kick epochs of every run of a kicked arm, by run id, ascending
 */
record ArmPlan(String name, List<Trajectory> runs, OptionalInt period, String problem,
        Map<String, int[]> kickEpochs) {

    /** The arm name of runs that never said theirs. */
    static final String DEFAULT_ARM = "baseline";

    private static final Pattern NAMED_PERIOD = Pattern.compile("^(?:probe|exploit)-([0-9]+)$");

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
            members.sort(Comparator.comparing(RunSnapshot::runId, RecordingFiles.RUN_ID_ORDER));
            List<Trajectory> trajectories = members.stream()
                    .map(run -> Trajectory.ofEpochValues(run.runId(), run.valueArray())).toList();
            plans.add(plan(name, members, trajectories));
        });
        return plans;
    }

    /**
     * The period an arm's name states, as the controller names its arms ("probe-20", "exploit-8"): where
     * kicks help, runs often pass before their second kick, and the period would otherwise stay unknown.
     */
    static OptionalInt periodInName(String name) {
        Matcher matcher = NAMED_PERIOD.matcher(name);
        if (!matcher.matches() || matcher.group(1).length() > 6) {
            return OptionalInt.empty();
        }
        int period = Integer.parseInt(matcher.group(1));
        return period >= 1 ? OptionalInt.of(period) : OptionalInt.empty();
    }

    // Kicks come from acks, so they state exactly when each run was perturbed. A live run may get its
    // first kick at any epoch of the quasi-steady state, so only the spacing of kicks tells the period:
    // the smallest gap between two kicks of one run. A first kick alone does not: guessing the period
    // from it would publish predictions for a protocol nobody ran.
    private static ArmPlan plan(String name, List<RunSnapshot> members, List<Trajectory> trajectories) {
        Map<String, int[]> kickEpochs = new LinkedHashMap<>();
        int smallestGap = Integer.MAX_VALUE;
        boolean kicked = false;
        for (RunSnapshot run : members) {
            // A member not kicked yet is stated as such: the analysis would otherwise assume it was
            // kicked after every multiple of the period.
            List<Integer> kicks = run.kicks();
            kickEpochs.put(run.runId(), kicks.stream().mapToInt(Integer::intValue).toArray());
            if (kicks.isEmpty()) {
                continue;
            }
            kicked = true;
            for (int i = 1; i < kicks.size(); i++) {
                smallestGap = Math.min(smallestGap, kicks.get(i) - kicks.get(i - 1));
            }
        }
        if (!kicked) {
            return new ArmPlan(name, trajectories, OptionalInt.empty(), null, Map.of());
        }
        if (smallestGap == Integer.MAX_VALUE) {
            OptionalInt named = periodInName(name);
            return named.isPresent() ? new ArmPlan(name, trajectories, named, null, kickEpochs)
                    : new ArmPlan(name, trajectories, OptionalInt.empty(), "arm '" + name + "' is not analysable yet:"
                            + " no run has been kicked twice, so its period is unknown", kickEpochs);
        }
        return new ArmPlan(name, trajectories, OptionalInt.of(smallestGap), null, kickEpochs);
    }
}
