package dev.firstpass.core.fpt.trajectory;

/**
 * The first-passage outcome of one run: either the first epoch at or past the target, or the last
 * epoch observed when the run never got there (right-censored: all we know is T > time).
 */
public record Passage(int time, boolean reached) {

    public Passage {
        if (time < 0) {
            throw new IllegalArgumentException("passage time must be at least 0: " + time);
        }
        if (reached && time < 1) {
            throw new IllegalArgumentException("a passage happens at epoch 1 or later: " + time);
        }
    }

    public static Passage reachedAt(int epoch) {
        return new Passage(epoch, true);
    }

    public static Passage censoredAt(int lastEpoch) {
        return new Passage(lastEpoch, false);
    }

    /** The first epoch at which {@code run} reaches {@code target}, or censoring at its last epoch. */
    public static Passage of(Trajectory run, Target target) {
        for (int epoch = 1; epoch <= run.epochs(); epoch++) {
            if (target.reachedBy(run.valueAt(epoch))) {
                return reachedAt(epoch);
            }
        }
        return censoredAt(run.epochs());
    }

    public boolean censored() {
        return !reached;
    }
}
