package dev.firstpass.cli.backtest;

/**
 * How a fleet's runs are given their period. The fleet calls {@link #assign} when a run starts and
 * reports everything a live system would see, in time order; a strategy sees nothing of a run's future.
 */
interface Strategy {

    /** The name in reports. */
    String name();

    /** The period for a run starting now ({@link RecordedGrid#BASELINE} for none). */
    int assign(String runId, int clock);

    /**
     * Whether the run was started to measure (baseline, a probe at another period, grid cell) rather than at
     * the period the strategy had adopted.
     */
    boolean exploring(String runId);

    /** The run reported {@code value} after {@code epoch}. */
    default void epoch(String runId, int epoch, double value, int clock) {
    }

    /** The run was kicked right after {@code epoch}. */
    default void kicked(String runId, int epoch, int clock) {
    }

    /** The run ended; it first reached the target at {@code epoch}, or never did and ran {@code epoch} epochs. */
    default void finished(String runId, int epoch, boolean passed, int clock) {
    }

    /** The fleet's clock advanced by one epoch. */
    default void tick(int clock) {
    }

    /** The period the strategy ended up adopting ({@link RecordedGrid#BASELINE} for none). */
    int adopted();

    /** What the strategy did, in a few words, for the report. */
    default String notes() {
        return "";
    }
}
