package dev.firstpass.cli.backtest;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One strategy over every seed of one target.
 *
 * @param strategy its name
 * @param adopted how often each period was adopted, by period (0: none, the baseline)
 * @param regret the measured MFPT at the adopted period over the best measured arm's, minus 1
 * @param explorationEpochs epochs of runs started to measure rather than at the period adopted then
 * @param meanTime the fleet's mean time to target, epochs per run
 * @param reachedShare the share of the fleet's runs that reached the target
 * @param repeatedRuns recorded runs handed out again, summed over seeds
 * @param outcomes every seed's outcome, in seed order
 */
record StrategySummary(String strategy, Map<Integer, Integer> adopted, Spread regret, Spread explorationEpochs,
        Spread meanTime, double reachedShare, int repeatedRuns, List<FleetOutcome> outcomes) {

    static StrategySummary of(String strategy, List<FleetOutcome> outcomes, Map<Integer, RecordedGrid.Measured> truth,
            double best) {
        Map<Integer, Integer> adopted = new TreeMap<>();
        double[] regret = new double[outcomes.size()];
        double[] exploration = new double[outcomes.size()];
        double[] meanTime = new double[outcomes.size()];
        long reached = 0;
        long runs = 0;
        int repeated = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            FleetOutcome outcome = outcomes.get(i);
            adopted.merge(outcome.adopted(), 1, Integer::sum);
            regret[i] = RecordedGrid.at(truth, outcome.adopted()).orElse(Double.NaN) / best - 1.0;
            exploration[i] = outcome.explorationEpochs();
            meanTime[i] = outcome.meanTime();
            reached += outcome.reached();
            runs += outcome.runs();
            repeated += outcome.repeatedRuns();
        }
        return new StrategySummary(strategy, adopted, Spread.of(regret), Spread.of(exploration), Spread.of(meanTime),
                (double) reached / runs, repeated, List.copyOf(outcomes));
    }
}
