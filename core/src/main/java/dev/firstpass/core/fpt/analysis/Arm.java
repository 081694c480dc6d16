package dev.firstpass.core.fpt.analysis;

import dev.firstpass.core.fpt.trajectory.Trajectory;
import java.util.List;
import java.util.OptionalInt;

/**
 * Runs that got the same perturbation protocol: none (the baseline) or a kick right after epochs
 * period, 2 period, ...
 */
public record Arm(String name, OptionalInt period, List<Trajectory> runs) {

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
    }

    public static Arm unperturbed(String name, List<Trajectory> runs) {
        return new Arm(name, OptionalInt.empty(), runs);
    }

    public static Arm kickedEvery(int period, String name, List<Trajectory> runs) {
        return new Arm(name, OptionalInt.of(period), runs);
    }

    /** The last epoch any run of the arm reached. */
    public int longestRun() {
        return runs.stream().mapToInt(Trajectory::epochs).max().orElse(0);
    }
}
