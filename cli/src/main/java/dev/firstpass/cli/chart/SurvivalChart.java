package dev.firstpass.cli.chart;

import dev.firstpass.core.fpt.analysis.ArmObservation;
import dev.firstpass.core.fpt.analysis.TargetReport;
import dev.firstpass.core.fpt.survival.SurvivalCurve;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationStepRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * Survival S(t) = P(T > t) for one target, as step lines: the baseline's Kaplan-Meier curve with its
 * 95% Greenwood band, and the Kaplan-Meier curve of every measured arm.
 */
public final class SurvivalChart {
    private SurvivalChart() {
    }

    public static JFreeChart draw(String title, TargetReport target) {
        SurvivalCurve baseline = target.baseline().survival();
        YIntervalSeries baselineSeries = new YIntervalSeries(
                "baseline (" + target.baseline().runs() + " runs), 95% Greenwood band");
        for (int t = 0; t <= baseline.horizon(); t++) {
            baselineSeries.add(t, baseline.at(t), baseline.lowerBand(t, SurvivalCurve.Z95),
                    baseline.upperBand(t, SurvivalCurve.Z95));
        }
        YIntervalSeriesCollection band = new YIntervalSeriesCollection();
        band.addSeries(baselineSeries);
        DeviationStepRenderer bandRenderer = new DeviationStepRenderer(true, false);
        bandRenderer.setSeriesPaint(0, ChartStyle.BASELINE);
        bandRenderer.setSeriesStroke(0, ChartStyle.LINE);
        bandRenderer.setSeriesFillPaint(0, ChartStyle.BASELINE);
        bandRenderer.setAlpha(0.18f);

        XYSeriesCollection arms = new XYSeriesCollection();
        XYStepRenderer armRenderer = new XYStepRenderer();
        int index = 0;
        for (ArmObservation arm : target.arms()) {
            XYSeries series = new XYSeries("tau = " + arm.tau() + " (" + arm.runs() + " runs)", false, true);
            SurvivalCurve curve = arm.survival();
            for (int t = 0; t <= curve.horizon(); t++) {
                series.add(t, curve.at(t));
            }
            arms.addSeries(series);
            armRenderer.setSeriesPaint(index, ChartStyle.paletteColor(index));
            armRenderer.setSeriesStroke(index, ChartStyle.THIN);
            index++;
        }

        NumberAxis survivalAxis = new NumberAxis("S(t): share of runs not yet at the target");
        survivalAxis.setRange(0.0, 1.02);
        XYPlot plot = new XYPlot(band, ChartStyle.epochAxis("epoch t"), survivalAxis, bandRenderer);
        plot.setDataset(1, arms);
        plot.setRenderer(1, armRenderer);
        // The baseline's band goes underneath the arms' lines.
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        return ChartStyle.chart(title, plot);
    }
}
