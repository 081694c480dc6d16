package dev.firstpass.monitor.query;

import dev.firstpass.core.protocol.FptStats;
import java.util.List;

/**
 * One experiment's latest statistics.
 *
 * @param experiment the experiment id
 * @param runs the runs heard of so far
 * @param epochs the epoch values held over all runs (each run's contiguous epochs from 1)
 * @param pending true while changes since the latest statistics wait for the next analysis; false
 *     means {@code stats} have seen every one of {@code epochs}
 * @param stats the latest published statistics, one per arm and target; empty until the first analysis
 */
public record ExperimentView(String experiment, int runs, int epochs, boolean pending, List<FptStats> stats) {

    public ExperimentView {
        stats = List.copyOf(stats);
    }
}
