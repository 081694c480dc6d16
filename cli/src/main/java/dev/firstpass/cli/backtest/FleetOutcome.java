package dev.firstpass.cli.backtest;

/**
 * What one strategy's fleet did in one seeded backtest.
 *
 * @param adopted the period adopted in the end ({@link RecordedGrid#BASELINE} for none)
 * @param explorationEpochs epochs trained by runs started to measure rather than at the period adopted then
 * @param totalEpochs epochs trained by the whole fleet
 * @param totalTimes the runs' times to target summed, a run that never reached it counting its length
 * @param runs runs trained
 * @param reached runs that reached the target
 * @param repeatedRuns recorded runs handed out again because their arm had none left
 * @param notes what the strategy did, in a few words
 */
record FleetOutcome(int adopted, long explorationEpochs, long totalEpochs, long totalTimes, int runs, int reached,
        int repeatedRuns, String notes) {

    /** The fleet's mean time to target in epochs, runs that never reached it counted to their end. */
    double meanTime() {
        return (double) totalTimes / runs;
    }
}
