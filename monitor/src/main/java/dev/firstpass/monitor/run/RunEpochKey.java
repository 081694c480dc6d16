package dev.firstpass.monitor.run;

/**
 * The store key of one epoch of one run: {@code <length of run id>:<run id>|<epoch, ten digits>}, e.g.
 * "2:r7|0000000012", so that a run's epochs sort by epoch and one range or prefix scan finds exactly that
 * run's epochs whatever characters its id holds.
 */
public final class RunEpochKey {

    private static final int DIGITS = 10;

    private RunEpochKey() {
    }

    /** The store key of {@code epoch} (at least 1) of {@code runId}. */
    public static String of(String runId, int epoch) {
        String digits = Integer.toString(epoch);
        return prefix(runId) + "0".repeat(DIGITS - digits.length()) + digits;
    }

    /** The common start of every key of {@code runId}'s epochs. */
    public static String prefix(String runId) {
        return runId.length() + ":" + runId + "|";
    }

    /** The epoch of a key made by {@link #of}. */
    public static int epochOf(String key) {
        return Integer.parseInt(key.substring(key.length() - DIGITS));
    }
}
