package dev.firstpass.core.fpt.analysis;

import dev.firstpass.core.fpt.response.KickPeriods;
import dev.firstpass.core.fpt.trajectory.Trajectory;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Runs that got the same perturbation protocol: none (the baseline) or a kick every {@code period}
 * epochs, right after epochs period, 2 period, ... unless a run's exact kick epochs are given (live
 * runs may get their first kick at any epoch of the quasi-steady state).
 *
 * @param kickEpochs exact kick epochs by run id, ascending; runs not in it are kicked at multiples of the period
 */
public record Arm(String name, OptionalInt period, List<Trajectory> runs, Map<String, int[]> kickEpochs) {

    public Arm {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("arm name is required");
        }
        if (period.isPresent() && period.getAsInt() < 1) {
            throw new IllegalArgumentException(
                    "perturbation period of arm '" + name + "' must be at least 1 epoch: " + period.getAsInt());
        }
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("arm '" + name + "' has no runs");
        }
        runs = List.copyOf(runs);
        kickEpochs = Map.copyOf(kickEpochs);
    }

    public static Arm unperturbed(String name, List<Trajectory> runs) {
        return new Arm(name, OptionalInt.empty(), runs, Map.of());
    }

    public static Arm kickedEvery(int period, String name, List<Trajectory> runs) {
        return new Arm(name, OptionalInt.of(period), runs, Map.of());
    }

    /** An arm kicked every {@code period} epochs whose runs' exact kick epochs are known. */
    public static Arm kickedAt(int period, String name, List<Trajectory> runs, Map<String, int[]> kickEpochs) {
        return new Arm(name, OptionalInt.of(period), runs, kickEpochs);
    }

    /** The epochs after which {@code run} was kicked; none for the baseline. */
    public int[] kicksOf(Trajectory run) {
        if (period.isEmpty()) {
            return new int[0];
        }
        int[] exact = kickEpochs.get(run.runId());
        return exact != null ? exact.clone() : KickPeriods.multiplesOf(period.getAsInt(), run.epochs());
    }

    /** The last epoch any run of the arm reached. */
    public int longestRun() {
        return runs.stream().mapToInt(Trajectory::epochs).max().orElse(0);
    }
}
