package dev.firstpass.cli.chart;

import dev.firstpass.core.fpt.analysis.ResponseSummary;
import dev.firstpass.core.fpt.survival.SurvivalCurve;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationStepRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The probe's post-kick survival G(s), the chance that a run kicked s epochs ago has not yet reached
 * the target, with its 95% Greenwood band and t_rel marked: what the predictions transfer to other periods.
 */
public final class ResponseChart {
    private ResponseChart() {
    }

    public static JFreeChart draw(String title, ResponseSummary response) {
        SurvivalCurve curve = response.survival();
        YIntervalSeries series = new YIntervalSeries("G(s) over " + response.periods() + " post-kick periods, 95% band");
        for (int s = 0; s <= curve.horizon(); s++) {
            series.add(s, curve.at(s), curve.lowerBand(s, SurvivalCurve.Z95), curve.upperBand(s, SurvivalCurve.Z95));
        }
        YIntervalSeriesCollection dataset = new YIntervalSeriesCollection();
        dataset.addSeries(series);
        DeviationStepRenderer renderer = new DeviationStepRenderer(true, false);
        renderer.setSeriesPaint(0, ChartStyle.VALID);
        renderer.setSeriesFillPaint(0, ChartStyle.VALID);
        renderer.setSeriesStroke(0, ChartStyle.LINE);
        renderer.setAlpha(0.2f);
        NumberAxis survivalAxis = new NumberAxis("G(s): share of kicked runs not yet at the target");
        survivalAxis.setAutoRangeIncludesZero(false);
        NumberAxis offsetAxis = ChartStyle.epochAxis("epochs since the kick s");
        // t_rel may lie beyond the last offset at which a period was still running; keep its line and
        // the label to its right in view.
        offsetAxis.setRange(0.0, Math.max(curve.horizon(), response.tRel()) * 1.12 + 1.0);
        XYPlot plot = new XYPlot(dataset, offsetAxis, survivalAxis, renderer);
        String relaxation = response.relaxationResolved() ? "t_rel = " + response.tRel() : "relaxation not established";
        ChartStyle.markDomain(plot, response.tRel(), relaxation, ChartStyle.HIGHLIGHT, ChartStyle.THIN);
        return ChartStyle.chart(title, plot);
    }
}
