package dev.firstpass.cli.chart;

import dev.firstpass.core.fpt.analysis.ArmObservation;
import dev.firstpass.core.fpt.analysis.PredictionPoint;
import dev.firstpass.core.fpt.analysis.TargetReport;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.DoubleStream;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.util.ShapeUtils;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * Predicted MFPT against the period tau for one target, with the bootstrap band: solid and blue where
 * the prediction is valid, grey and dashed outside the validity range; the measured arms as points
 * (hollow triangles for lower bounds), the baseline MFPT as a horizontal line and tau* marked.
 */
public final class MfptChart {
    /** Predictions outside the validity range can be huge; beyond this factor over the rest they leave the frame. */
    private static final double INVALID_HEADROOM = 5.0;
    private static final String VALID_KEY = "predicted MFPT, valid (tau >= tau_min)";
    private static final String INVALID_KEY = "predicted MFPT, outside the validity range";
    private static final String MEASURED_KEY = "measured arm";
    private static final String LOWER_BOUND_KEY = "measured arm, lower bound (censored runs)";

    private MfptChart() {
    }

    public static JFreeChart draw(String title, TargetReport target) {
        double[] range = visibleRange(target);
        ValueAxis mfptAxis = range == null
                ? ChartStyle.timeAxis("MFPT (epochs)", 1.0, 10.0)
                : ChartStyle.timeAxis("MFPT (epochs)", range[0], range[1]);
        XYSeriesCollection measured = measured(target);
        YIntervalSeriesCollection predictions = predictions(target, range == null ? 1.0 : range[1]);
        XYPlot plot = new XYPlot(measured, ChartStyle.epochAxis("perturbation period tau (epochs)"), mfptAxis,
                measuredRenderer(measured));
        plot.setDataset(1, predictions);
        plot.setRenderer(1, predictionRenderer(predictions));
        markBaselineAndBestTau(plot, target);
        return ChartStyle.chart(title, plot);
    }

    /** Valid and invalid predictions as two series, each only when it has points, so the legend names only what is drawn. */
    private static YIntervalSeriesCollection predictions(TargetReport target, double upper) {
        YIntervalSeries valid = new YIntervalSeries(VALID_KEY);
        YIntervalSeries invalid = new YIntervalSeries(INVALID_KEY);
        for (PredictionPoint point : target.predictions()) {
            double mfpt = point.mfpt();
            if (!Double.isFinite(mfpt)) {
                continue;
            }
            // Unbounded band edges run out of the frame; unknown ones collapse onto the prediction.
            double low = Double.isFinite(point.interval().low()) ? point.interval().low() : mfpt;
            double high = Double.isFinite(point.interval().high()) ? point.interval().high()
                    : Double.isInfinite(point.interval().high()) ? Math.max(upper * 2, mfpt) : mfpt;
            (point.valid() ? valid : invalid).add(point.tau(), mfpt, Math.min(low, mfpt), Math.max(high, mfpt));
        }
        YIntervalSeriesCollection predictions = new YIntervalSeriesCollection();
        for (YIntervalSeries series : List.of(valid, invalid)) {
            if (series.getItemCount() > 0) {
                predictions.addSeries(series);
            }
        }
        return predictions;
    }

    private static DeviationRenderer predictionRenderer(YIntervalSeriesCollection predictions) {
        DeviationRenderer renderer = new DeviationRenderer(true, false);
        renderer.setAlpha(0.22f);
        for (int i = 0; i < predictions.getSeriesCount(); i++) {
            boolean valid = predictions.getSeriesKey(i).equals(VALID_KEY);
            renderer.setSeriesPaint(i, valid ? ChartStyle.VALID : ChartStyle.INVALID);
            renderer.setSeriesFillPaint(i, valid ? ChartStyle.VALID : ChartStyle.INVALID);
            renderer.setSeriesStroke(i, valid ? ChartStyle.LINE : ChartStyle.DASHED);
        }
        return renderer;
    }

    private static XYSeriesCollection measured(TargetReport target) {
        XYSeries exact = new XYSeries(MEASURED_KEY, false, true);
        XYSeries lowerBound = new XYSeries(LOWER_BOUND_KEY, false, true);
        for (ArmObservation arm : target.arms()) {
            if (Double.isFinite(arm.observedMfpt()) && arm.observedMfpt() > 0.0) {
                (arm.observedIsLowerBound() ? lowerBound : exact).add(arm.tau(), arm.observedMfpt());
            }
        }
        XYSeriesCollection measured = new XYSeriesCollection();
        for (XYSeries series : List.of(exact, lowerBound)) {
            if (series.getItemCount() > 0) {
                measured.addSeries(series);
            }
        }
        return measured;
    }

    private static XYLineAndShapeRenderer measuredRenderer(XYSeriesCollection measured) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        renderer.setUseOutlinePaint(false);
        for (int i = 0; i < measured.getSeriesCount(); i++) {
            boolean lowerBound = measured.getSeriesKey(i).equals(LOWER_BOUND_KEY);
            renderer.setSeriesPaint(i, ChartStyle.HIGHLIGHT);
            renderer.setSeriesShape(i, lowerBound ? ShapeUtils.createUpTriangle(6f) : ShapeUtils.createDiamond(5f));
            renderer.setSeriesShapesFilled(i, !lowerBound);
        }
        return renderer;
    }
    private static void markBaselineAndBestTau(XYPlot plot, TargetReport target) {
        double baseline = target.baseline().mfpt();
        if (Double.isFinite(baseline) && baseline > 0.0) {
            String label = target.baseline().mfptIsLowerBound() ? "baseline MFPT (lower bound)" : "baseline MFPT";
            ChartStyle.markRange(plot, baseline, label, ChartStyle.BASELINE, ChartStyle.DASHED);
        }
        if (target.bestTau().isPresent()) {
            int best = target.bestTau().getAsInt();
            double low = target.bestTauInterval().low();
            double high = target.bestTauInterval().high();
            if (Double.isFinite(low) && Double.isFinite(high) && high > low) {
                plot.addDomainMarker(new IntervalMarker(low, high, ChartStyle.translucent(ChartStyle.VALID, 30)),
                        Layer.BACKGROUND);
            }
            String label = target.bestTauAtEdge() ? "tau* = tau_min = " + best : "tau* = " + best;
            ChartStyle.markDomain(plot, best, label, ChartStyle.VALID, ChartStyle.THIN);
        }
        if (target.tauMin().isPresent() && target.tauMin().getAsInt() > 1 && !target.bestTauAtEdge()) {
            ChartStyle.markDomain(plot, target.tauMin().getAsInt(), "tau_min", new Color(0x66, 0x66, 0x66),
                    ChartStyle.DASHED);
        }
    }

    /**
     * The range of MFPTs worth showing: valid predictions and their bands, measured arms and the
     * baseline; predictions outside the validity range only up to a few times that.
     */
    private static double[] visibleRange(TargetReport target) {
        List<Double> core = new ArrayList<>();
        List<Double> invalid = new ArrayList<>();
        for (PredictionPoint point : target.predictions()) {
            List<Double> into = point.valid() ? core : invalid;
            into.add(point.mfpt());
            into.add(point.interval().low());
            into.add(point.interval().high());
        }
        target.arms().forEach(arm -> core.add(arm.observedMfpt()));
        core.add(target.baseline().mfpt());
        double[] coreRange = ChartStyle.positiveRange(core.stream().mapToDouble(Double::doubleValue).toArray());
        double[] invalidValues = invalid.stream().mapToDouble(Double::doubleValue).toArray();
        if (coreRange == null) {
            return ChartStyle.positiveRange(invalidValues);
        }
        double ceiling = coreRange[1] * INVALID_HEADROOM;
        double[] shown = DoubleStream.concat(DoubleStream.of(coreRange),
                DoubleStream.of(invalidValues).filter(v -> v <= ceiling)).toArray();
        return ChartStyle.positiveRange(shown);
    }
}
