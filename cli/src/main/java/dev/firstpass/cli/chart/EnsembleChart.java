package dev.firstpass.cli.chart;

import dev.firstpass.core.fpt.qss.EnsembleProfile;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.DoubleStream;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The baseline ensemble's metric over epochs: the mean across runs with the band holding the middle
 * 80% of runs (10% to 90%), t_QSS as a vertical line and the targets as horizontal dashed lines, to
 * show how the runs relax into the quasi-steady state and how far the targets sit above it.
 */
public final class EnsembleChart {
    private EnsembleChart() {
    }

    /** {@code targets} maps each target's label to its threshold, in the order to list them. */
    public static JFreeChart draw(String title, String metric, EnsembleProfile profile, OptionalInt tQss,
                                  Map<String, Double> targets) {
        YIntervalSeries series = new YIntervalSeries("mean across runs, 10%-90% band");
        for (int i = 0; i < profile.epochs(); i++) {
            double mean = profile.mean()[i];
            if (Double.isFinite(mean) && Double.isFinite(profile.p10()[i]) && Double.isFinite(profile.p90()[i])) {
                series.add(i + 1, mean, profile.p10()[i], profile.p90()[i]);
            }
        }
        YIntervalSeriesCollection dataset = new YIntervalSeriesCollection();
        dataset.addSeries(series);
        DeviationRenderer renderer = new DeviationRenderer(true, false);
        renderer.setSeriesPaint(0, ChartStyle.VALID);
        renderer.setSeriesFillPaint(0, ChartStyle.VALID);
        renderer.setSeriesStroke(0, ChartStyle.LINE);
        renderer.setAlpha(0.2f);

        NumberAxis metricAxis = new NumberAxis(metric);
        metricAxis.setAutoRangeIncludesZero(false);
        includeTargets(metricAxis, profile, targets.values());
        XYPlot plot = new XYPlot(dataset, ChartStyle.epochAxis("epoch"), metricAxis, renderer);
        plot.setDataset(1, targetLines(targets, Math.max(1, profile.epochs())));
        plot.setRenderer(1, targetRenderer(targets.size()));
        tQss.ifPresent(t -> ChartStyle.markDomain(plot, t, "t_QSS = " + t, ChartStyle.HIGHLIGHT, ChartStyle.THIN));
        return ChartStyle.chart(title, plot);
    }

    /**
     * Targets are often a unit apart, too close for labels on the lines themselves, so each is a dashed
     * line of its own colour named in the legend.
     */
    private static XYSeriesCollection targetLines(Map<String, Double> targets, int lastEpoch) {
        XYSeriesCollection lines = new XYSeriesCollection();
        targets.forEach((label, threshold) -> {
            XYSeries line = new XYSeries(label, false, true);
            line.add(1, threshold);
            line.add(lastEpoch, threshold);
            lines.addSeries(line);
        });
        return lines;
    }

    private static XYLineAndShapeRenderer targetRenderer(int count) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < count; i++) {
            renderer.setSeriesPaint(i, ChartStyle.paletteColor(i + 3));
            renderer.setSeriesStroke(i, ChartStyle.DASHED);
        }
        return renderer;
    }

    /** Markers do not widen an axis by themselves, so the targets are put inside its range by hand. */
    private static void includeTargets(NumberAxis axis, EnsembleProfile profile, Collection<Double> targets) {
        double[] values = DoubleStream.concat(
                        DoubleStream.concat(Arrays.stream(profile.p10()), Arrays.stream(profile.p90())),
                        targets.stream().mapToDouble(Double::doubleValue))
                .filter(Double::isFinite).toArray();
        if (values.length == 0) {
            return;
        }
        double low = Arrays.stream(values).min().orElseThrow();
        double high = Arrays.stream(values).max().orElseThrow();
        double margin = high > low ? 0.05 * (high - low) : 1.0;
        axis.setRange(low - margin, high + margin);
    }
}
