package dev.firstpass.cli.backtest;

import dev.firstpass.core.fpt.trajectory.Target;
import java.util.List;
import java.util.Map;

/**
 * The backtest of one target: the measured arms it is judged against and every strategy's summary.
 *
 * @param target the target
 * @param truth every arm's measured MFPT over all its recorded runs (0: the baseline)
 * @param bestPeriod the best measured arm, {@link RecordedGrid#BASELINE} when no kicked arm beats the baseline
 * @param strategies the strategies, FirstPass first
 */
record TargetBacktest(Target target, Map<Integer, RecordedGrid.Measured> truth, int bestPeriod,
        List<StrategySummary> strategies) {

    StrategySummary strategy(String name) {
        return strategies.stream().filter(s -> s.strategy().startsWith(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no strategy named " + name));
    }
}
