package dev.firstpass.monitor.experiment;

/**
 * The names of the stores the experiment step uses.
 *
 * @param experiments {@link ExperimentState} by experiment
 * @param latestStats {@link LatestStats} by experiment
 */
public record ExperimentStores(String experiments, String latestStats) {
}
