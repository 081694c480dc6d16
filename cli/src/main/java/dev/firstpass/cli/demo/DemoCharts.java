package dev.firstpass.cli.demo;

import dev.firstpass.cli.chart.ChartStyle;
import dev.firstpass.core.fpt.survival.KaplanMeier;
import dev.firstpass.core.fpt.survival.SurvivalCurve;
import dev.firstpass.core.fpt.trajectory.Passage;
import dev.firstpass.core.fpt.trajectory.Target;
import dev.firstpass.core.fpt.trajectory.Trajectory;
import dev.firstpass.core.protocol.Decision;
import dev.firstpass.core.protocol.FptStats;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/** Draws the demo report's four figures from what the runs, the monitor and the controller produced. */
final class DemoCharts {

    private static final Color KICK = new Color(0xc0, 0x39, 0x2b);

    private DemoCharts() {
    }

    /** Test accuracy per epoch, one line per run coloured by arm, kicks as red crosses, the target dashed. */
    static JFreeChart accuracy(List<DemoRun> runs, List<String> arms, double target) {
        XYSeriesCollection lines = new XYSeriesCollection();
        XYSeries kicks = new XYSeries("kick", false, true);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        Map<String, Boolean> labelled = new LinkedHashMap<>();
        for (DemoRun run : runs) {
            // One legend entry per arm is enough: the arm's first run carries its name.
            boolean firstOfArm = labelled.putIfAbsent(run.arm(), true) == null;
            XYSeries series = new XYSeries(firstOfArm ? run.arm() : run.runId(), false, true);
            for (int epoch = 1; epoch <= run.accuracy().size(); epoch++) {
                series.add(epoch, run.accuracy().get(epoch - 1));
            }
            for (int kick : run.kicks()) {
                if (kick >= 1 && kick <= run.accuracy().size()) {
                    kicks.add(kick, run.accuracy().get(kick - 1));
                }
            }
            int index = lines.getSeriesCount();
            lines.addSeries(series);
            renderer.setSeriesPaint(index, ChartStyle.paletteColor(arms.indexOf(run.arm())));
            renderer.setSeriesStroke(index, new BasicStroke(1.2f));
            renderer.setSeriesVisibleInLegend(index, firstOfArm);
        }
        XYPlot plot = new XYPlot(lines, ChartStyle.epochAxis("epoch"), new NumberAxis("test accuracy"), renderer);
        NumberAxis range = (NumberAxis) plot.getRangeAxis();
        range.setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer kickRenderer = new XYLineAndShapeRenderer(false, true);
        kickRenderer.setSeriesPaint(0, KICK);
        kickRenderer.setSeriesShape(0, new Rectangle2D.Double(-3, -3, 6, 6));
        plot.setDataset(1, new XYSeriesCollection(kicks));
        plot.setRenderer(1, kickRenderer);
        ChartStyle.markRange(plot, target, "target " + target, KICK, new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        return ChartStyle.chart("Test accuracy per run, by arm (squares: kicks)", plot);
    }

    /** Kaplan-Meier survival P(T > t) per arm. */
    static JFreeChart survival(List<DemoRun> runs, List<String> arms, double target) {
        XYSeriesCollection curves = new XYSeriesCollection();
        XYStepRenderer renderer = new XYStepRenderer();
        Target reach = Target.atLeast(target);
        for (String arm : arms) {
            List<Passage> passages = new ArrayList<>();
            for (DemoRun run : runs) {
                if (run.arm().equals(arm) && !run.accuracy().isEmpty()) {
                    double[] values = run.accuracy().stream().mapToDouble(Double::doubleValue).toArray();
                    passages.add(Passage.of(Trajectory.ofEpochValues(run.runId(), values), reach));
                }
            }
            if (passages.isEmpty()) {
                continue;
            }
            SurvivalCurve curve = KaplanMeier.estimate(passages);
            XYSeries series = new XYSeries(arm + " (" + passages.size() + " runs)", true, false);
            for (int t = 0; t <= curve.horizon(); t++) {
                series.add(t, curve.at(t));
            }
            renderer.setSeriesPaint(curves.getSeriesCount(), ChartStyle.paletteColor(arms.indexOf(arm)));
            renderer.setSeriesStroke(curves.getSeriesCount(), new BasicStroke(2f));
            curves.addSeries(series);
        }
        NumberAxis range = new NumberAxis("P(T > t), Kaplan-Meier");
        range.setRange(0.0, 1.05);
        XYPlot plot = new XYPlot(curves, ChartStyle.epochAxis("epoch t"), range, renderer);
        return ChartStyle.chart("Survival: runs that have not yet reached " + target, plot);
    }

    /**
     * The monitor's last predicted MFPT over tau with its band (from {@code predictions}, the probe's
     * record), the measured arms as points, and the baseline's MFPT as a line.
     */
    static JFreeChart mfpt(FptStats predictions, FptStats baseline, Map<Integer, FptStats> measuredByTau) {
        YIntervalSeries predicted = new YIntervalSeries("predicted MFPT (band: interval)");
        if (predictions != null) {
            for (FptStats.Prediction p : predictions.predictions()) {
                if (p.valid() && p.mfpt() != null && Double.isFinite(p.mfpt())) {
                    double low = p.low() == null ? p.mfpt() : p.low();
                    double high = p.high() == null || !Double.isFinite(p.high()) ? p.mfpt() : p.high();
                    predicted.add(p.tau(), p.mfpt(), low, high);
                }
            }
        }
        DeviationRenderer band = new DeviationRenderer(true, false);
        band.setSeriesPaint(0, new Color(0x1f, 0x5f, 0xbf));
        band.setSeriesFillPaint(0, new Color(0x1f, 0x5f, 0xbf, 60));
        YIntervalSeriesCollection series = new YIntervalSeriesCollection();
        series.addSeries(predicted);
        XYPlot plot = new XYPlot(series, ChartStyle.epochAxis("restart period tau (epochs)"),
                new NumberAxis("mean epochs to the target"), band);
        XYSeries measured = new XYSeries("measured arm MFPT", true, true);
        measuredByTau.forEach((tau, stats) -> {
            if (stats.mfpt() != null) {
                measured.add(tau.doubleValue(), stats.mfpt());
            }
        });
        XYLineAndShapeRenderer points = new XYLineAndShapeRenderer(false, true);
        points.setSeriesPaint(0, KICK);
        plot.setDataset(1, new XYSeriesCollection(measured));
        plot.setRenderer(1, points);
        if (baseline != null && baseline.mfpt() != null) {
            ChartStyle.markRange(plot, baseline.mfpt(), "no restarts: " + String.format("%.1f", baseline.mfpt()),
                    new Color(0x22, 0x22, 0x22), new BasicStroke(1.2f));
        }
        if (predictions != null && predictions.tauStar() != null) {
            ChartStyle.markDomain(plot, predictions.tauStar(), "tau* " + predictions.tauStar(), KICK,
                    new BasicStroke(1.2f));
        }
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(true);
        return ChartStyle.chart("Monitor's last prediction: mean epochs to the target when restarting every tau", plot);
    }

    /** Each decision as a point: seconds since the first one against its type. */
    static JFreeChart timeline(List<Decision> decisions) {
        List<String> types = List.of("phase_changed", "tau_changed", "arm_assigned", "command_issued",
                "refusal_seen");
        XYSeriesCollection points = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        long start = decisions.isEmpty() ? 0 : decisions.get(0).time().toEpochMilli();
        for (String type : types) {
            XYSeries series = new XYSeries(type, true, true);
            for (Decision decision : decisions) {
                if (decision.type().wireName().equals(type)) {
                    series.add((decision.time().toEpochMilli() - start) / 1000.0, types.indexOf(type));
                }
            }
            renderer.setSeriesPaint(points.getSeriesCount(), ChartStyle.paletteColor(points.getSeriesCount()));
            points.addSeries(series);
        }
        SymbolAxis range = new SymbolAxis("decision", types.toArray(String[]::new));
        XYPlot plot = new XYPlot(points, new NumberAxis("seconds since the first decision"), range, renderer);
        return ChartStyle.chart("Controller decisions over time", plot);
    }
}
