package dev.firstpass.cli.backtest;

import dev.firstpass.cli.chart.ChartStyle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/** The backtest as an HTML page: the tables, and per strategy the regret and fleet mean time over targets. */
final class BacktestReport {
    private BacktestReport() {
    }

    static Path write(Path folder, List<TargetBacktest> results, Backtest backtest) throws IOException {
        Files.createDirectories(folder);
        ChartStyle.save(ChartStyle.chart("Regret of the adopted period (median, quartiles over seeds)",
                plot(results, s -> s.regret(), 100.0, "regret, % over the best measured arm")),
                folder.resolve("regret.png"));
        ChartStyle.save(ChartStyle.chart("The fleet's mean time to target (median, quartiles over seeds)",
                plot(results, StrategySummary::meanTime, 1.0, "epochs per run")), folder.resolve("fleet-time.png"));
        StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\">"
                + "<title>FirstPass backtest</title><style>body{font-family:sans-serif;max-width:1100px;margin:auto}"
                + "pre{background:#f6f6f6;padding:8px;overflow-x:auto}</style></head><body>"
                + "<h1>FirstPass backtest</h1>");
        html.append(String.format(Locale.ROOT, "<p>%d seeds; a fleet of %d runs, %d at a time; uniform grid %d runs"
                + " per arm; successive halving %d runs per arm first; the policy observes the baseline with %d runs,"
                + " probes with %d and makes at most %d further probes.</p>", backtest.seeds(), backtest.fleet().runs(),
                backtest.fleet().concurrency(), backtest.gridRunsPerArm(), backtest.halvingFirstRuns(),
                backtest.policy().baselineRuns(), backtest.policy().minRuns(), backtest.policy().refineProbes()));
        html.append("<img src=\"regret.png\" width=\"900\"><img src=\"fleet-time.png\" width=\"900\">");
        for (TargetBacktest result : results) {
            html.append("<h2>Target ").append(result.target()).append("</h2><pre>")
                    .append(escape(BacktestTable.render(result, backtest.seeds(),
                            BacktestCommand.uniformGridExploration(result))))
                    .append("</pre>");
        }
        html.append("</body></html>\n");
        Path index = folder.resolve("index.html");
        Files.writeString(index, html, StandardCharsets.UTF_8);
        return index;
    }

    private static XYPlot plot(List<TargetBacktest> results, Function<StrategySummary, Spread> quantity, double scale,
            String label) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        int strategies = results.get(0).strategies().size();
        for (int i = 0; i < strategies; i++) {
            YIntervalSeries series = new YIntervalSeries(results.get(0).strategies().get(i).strategy());
            for (TargetBacktest result : results) {
                Spread spread = quantity.apply(result.strategies().get(i));
                if (Double.isFinite(spread.median())) {
                    series.add(result.target().threshold(), scale * spread.median(), scale * spread.low(),
                            scale * spread.high());
                }
            }
            data.addSeries(series);
        }
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDefaultLinesVisible(true);
        for (int i = 0; i < strategies; i++) {
            renderer.setSeriesPaint(i, ChartStyle.paletteColor(i));
        }
        NumberAxis targets = new NumberAxis("target");
        targets.setAutoRangeIncludesZero(false);
        return new XYPlot(data, targets, new NumberAxis(label), renderer);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
