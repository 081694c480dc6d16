package dev.firstpass.cli.backtest;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The backtest as a readable table, one block per target. */
final class BacktestTable {
    private BacktestTable() {
    }

    static String render(TargetBacktest result, int seeds, long uniformGridExploration) {
        StringBuilder out = new StringBuilder();
        RecordedGrid.Measured best = result.truth().get(result.bestPeriod());
        String bestArm = result.bestPeriod() == RecordedGrid.BASELINE ? "the baseline (no kicks)"
                : "tau = " + result.bestPeriod();
        out.append(String.format(Locale.ROOT, "target %s: best measured arm %s, MFPT %.1f epochs (%d runs);"
                + " %d seeds; median [quartiles]%n", result.target(), bestArm, best.mfpt(), best.runs(), seeds));
        out.append(String.format(Locale.ROOT, "  %-42s %-18s %-22s %-26s %-20s%n", "strategy", "adopted tau (seeds)",
                "regret", "exploration epochs", "fleet mean time"));
        for (StrategySummary s : result.strategies()) {
            double share = uniformGridExploration == 0 ? Double.NaN
                    : s.explorationEpochs().median() / uniformGridExploration;
            String exploration = String.format(Locale.ROOT, "%.0f [%.0f, %.0f] %s", s.explorationEpochs().median(),
                    s.explorationEpochs().low(), s.explorationEpochs().high(),
                    Double.isNaN(share) ? "" : String.format(Locale.ROOT, "(%.0f%%)", 100 * share));
            String meanTime = String.format(Locale.ROOT, "%.1f [%.1f, %.1f]", s.meanTime().median(),
                    s.meanTime().low(), s.meanTime().high());
            out.append(String.format(Locale.ROOT, "  %-42s %-18s %-22s %-26s %-20s%n", s.strategy(),
                    adopted(s.adopted()), percent(s.regret()), exploration, meanTime));
        }
        return out.toString();
    }

    static String adopted(Map<Integer, Integer> adopted) {
        return adopted.entrySet().stream()
                .map(e -> (e.getKey() == RecordedGrid.BASELINE ? "none" : e.getKey().toString()) + "x" + e.getValue())
                .collect(Collectors.joining(" "));
    }

    private static String percent(Spread spread) {
        return String.format(Locale.ROOT, "%+.0f%% [%+.0f, %+.0f]", 100 * spread.median(), 100 * spread.low(),
                100 * spread.high());
    }
}
