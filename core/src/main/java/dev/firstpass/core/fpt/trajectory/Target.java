package dev.firstpass.core.fpt.trajectory;

/** A threshold on a metric and the direction in which it counts as reached. */
public record Target(double threshold, Direction direction) {

    public Target {
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("target must be a finite number: " + threshold);
        }
        if (direction == null) {
            throw new IllegalArgumentException("target direction is required");
        }
    }

    public static Target atLeast(double threshold) {
        return new Target(threshold, Direction.MAX);
    }

    public static Target atMost(double threshold) {
        return new Target(threshold, Direction.MIN);
    }

    public boolean reachedBy(double value) {
        return direction.reached(value, threshold);
    }

    @Override
    public String toString() {
        return (direction == Direction.MAX ? ">= " : "<= ") + threshold;
    }
}
