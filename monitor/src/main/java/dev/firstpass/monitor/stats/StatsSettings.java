package dev.firstpass.monitor.stats;

import dev.firstpass.core.fpt.analysis.AnalysisSettings;
import dev.firstpass.core.fpt.trajectory.Direction;
import dev.firstpass.core.fpt.trajectory.Target;
import dev.firstpass.core.protocol.PerturbationKind;
import java.util.List;

/**
 * What an experiment's statistics are computed for and how.
 *
 * @param metric the measured metric
 * @param direction which way it improves
 * @param targets the targets, in order; target i is analysed with seed {@code analysis.seed() + i}, as
 *     the offline analysis does
 * @param kind the perturbation the kicked arms received
 * @param analysis the settings of the shared analysis
 */
public record StatsSettings(String metric, Direction direction, List<Target> targets, PerturbationKind kind,
        AnalysisSettings analysis) {

    public StatsSettings {
        targets = List.copyOf(targets);
    }
}
