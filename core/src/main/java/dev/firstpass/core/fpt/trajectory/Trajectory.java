package dev.firstpass.core.fpt.trajectory;

import java.util.Arrays;
import java.util.Objects;

/**
 * One run's observable after each epoch: {@code valueAt(1)} is the value logged after epoch 1.
 * Non-finite values (a diverged loss) are kept: they never reach a target and are left out of
 * distribution tests.
 */
public final class Trajectory {
    private final String runId;
    private final double[] values;

    private Trajectory(String runId, double[] values) {
        this.runId = Objects.requireNonNull(runId, "runId");
        this.values = values;
    }

    /** A run's values by epoch, starting at epoch 1. */
    public static Trajectory ofEpochValues(String runId, double... valuesFromEpochOne) {
        return new Trajectory(runId, valuesFromEpochOne.clone());
    }

    public String runId() {
        return runId;
    }

    /** The last epoch this run reported. */
    public int epochs() {
        return values.length;
    }

    /** The value logged after {@code epoch} (1-based). */
    public double valueAt(int epoch) {
        if (epoch < 1 || epoch > values.length) {
            throw new IndexOutOfBoundsException(
                    "epoch must be between 1 and " + values.length + " for run " + runId + ": " + epoch);
        }
        return values[epoch - 1];
    }

    /** Copy of the values, index 0 holding epoch 1. */
    public double[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Trajectory that && runId.equals(that.runId) && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return 31 * runId.hashCode() + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Trajectory[" + runId + ", " + values.length + " epochs]";
    }
}
