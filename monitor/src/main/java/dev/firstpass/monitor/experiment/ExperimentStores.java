package dev.firstpass.monitor.experiment;

/**
 * The names of the stores the experiment step uses.
 *
 * @param experiments {@link ExperimentState} by experiment
 * @param runs the latest {@code RunSnapshot} of each run, by {@link ExperimentRunKey}
 * @param latestStats {@link LatestStats} by experiment
 */
public record ExperimentStores(String experiments, String runs, String latestStats) {
}
