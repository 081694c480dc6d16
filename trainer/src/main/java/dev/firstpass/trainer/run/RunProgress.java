package dev.firstpass.trainer.run;

import java.util.Map;

/**
 * Where a run stands: its segment, the last epoch done, the kicks so far, where the learning-rate
 * schedule's cycle began and the base rate; shared by the session and the boundary's listeners.
 */
final class RunProgress {

    private int segment;
    // Read by the command listener's thread when it answers a command.
    private volatile int epoch;
    private int kicks;
    private int cycleStart = 1;
    private double baseRate;
    private Map<String, Double> lastMetrics = Map.of();

    int segment() {
        return segment;
    }

    void setSegment(int segment) {
        this.segment = segment;
    }

    int epoch() {
        return epoch;
    }

    /** Restores the position of a checkpoint. */
    void resumeAt(int epoch, int kicks, int cycleStart) {
        this.epoch = epoch;
        this.kicks = kicks;
        this.cycleStart = cycleStart;
    }

    /** Epoch {@code epoch + 1} has been trained and evaluated with {@code metrics}. */
    void epochDone(Map<String, Double> metrics) {
        epoch++;
        lastMetrics = metrics;
    }

    int kicks() {
        return kicks;
    }

    /** Counts one more kick and returns the new count. */
    int countKick() {
        return ++kicks;
    }

    int cycleStart() {
        return cycleStart;
    }

    /** The learning-rate schedule starts over with the next epoch. */
    void restartCycle() {
        cycleStart = epoch + 1;
    }

    double baseRate() {
        return baseRate;
    }

    void setBaseRate(double baseRate) {
        this.baseRate = baseRate;
    }

    Map<String, Double> lastMetrics() {
        return lastMetrics;
    }

    void setLastMetrics(Map<String, Double> lastMetrics) {
        this.lastMetrics = lastMetrics;
    }
}
