package dev.firstpass.trainer;

/**
 * Derives independent, reproducible random seeds from a run's seed, one stream per purpose.
 *
 * <p>Every random draw of a run (initialisation, the shuffle of each epoch, the draws of each kick)
 * comes from a seed derived here rather than from one shared generator, so a run resumed from a
 * checkpoint at epoch k draws exactly what the uninterrupted run would have drawn after epoch k,
 * and parallel runs never share engine-global random state.
 */
public final class Seeds {

    /** Stream of the initial parameters. */
    public static final long INITIALISATION = 1;
    /** Stream of the training-set order of each epoch. */
    public static final long SHUFFLE = 2;
    /** Stream of the draws of each perturbation (fresh weights, noise). */
    public static final long KICK = 3;
    /** Stream of dataset subsets and generated data. */
    public static final long DATA = 4;
    /** Stream of the hyperparameters a random search draws at each fresh start. */
    public static final long SEARCH = 5;

    private Seeds() {
    }

    /** The seed of draw {@code index} of {@code stream} for a run seeded with {@code seed}. */
    public static long derive(long seed, long stream, long index) {
        return mix(mix(mix(seed) ^ stream * 0x9E3779B97F4A7C15L) ^ index);
    }

    // SplitMix64 finaliser: consecutive inputs give statistically unrelated outputs.
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
