package dev.firstpass.cli.backtest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The backtest as one JSON document; non-finite numbers are written as null. */
final class BacktestJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BacktestJson() {
    }

    static String toJson(List<TargetBacktest> results, Backtest backtest) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("seeds", backtest.seeds());
        root.put("fleet_runs", backtest.fleet().runs());
        root.put("concurrency", backtest.fleet().concurrency());
        root.put("first_seed", backtest.fleet().seed());
        root.put("grid_runs_per_arm", backtest.gridRunsPerArm());
        root.put("halving_first_runs", backtest.halvingFirstRuns());
        root.put("min_runs", backtest.policy().minRuns());
        root.put("baseline_runs", backtest.policy().baselineRuns());
        root.put("refine_probes", backtest.policy().refineProbes());
        root.put("stats_every", backtest.statsEvery());
        List<Object> targets = new ArrayList<>();
        for (TargetBacktest result : results) {
            Map<String, Object> target = new LinkedHashMap<>();
            target.put("target", result.target().threshold());
            target.put("best_tau", result.bestPeriod());
            Map<String, Object> measured = new LinkedHashMap<>();
            result.truth().forEach((tau, m) -> measured.put(String.valueOf(tau), Map.of("mfpt", finite(m.mfpt()),
                    "runs", m.runs(), "censored", m.censored())));
            target.put("measured_arms", measured);
            List<Object> strategies = new ArrayList<>();
            long grid = BacktestCommand.uniformGridExploration(result);
            for (StrategySummary s : result.strategies()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("strategy", s.strategy());
                row.put("adopted", s.adopted());
                row.put("regret", spread(s.regret()));
                row.put("exploration_epochs", spread(s.explorationEpochs()));
                row.put("exploration_share_of_uniform_grid", grid == 0 ? null
                        : finite(s.explorationEpochs().median() / grid));
                row.put("fleet_mean_time", spread(s.meanTime()));
                row.put("reached_share", finite(s.reachedShare()));
                row.put("repeated_runs", s.repeatedRuns());
                row.put("notes", s.outcomes().stream().map(FleetOutcome::notes).toList());
                strategies.add(row);
            }
            target.put("strategies", strategies);
            targets.add(target);
        }
        root.put("targets", targets);
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the backtest could not be written as JSON", e);
        }
    }

    private static Map<String, Object> spread(Spread spread) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("median", finite(spread.median()));
        out.put("q1", finite(spread.low()));
        out.put("q3", finite(spread.high()));
        return out;
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
