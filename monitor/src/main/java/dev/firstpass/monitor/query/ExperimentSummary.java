package dev.firstpass.monitor.query;

/**
 * An experiment the monitor knows, for listings.
 *
 * @param experiment the experiment id
 * @param runs the runs heard of so far
 */
public record ExperimentSummary(String experiment, int runs) {
}
