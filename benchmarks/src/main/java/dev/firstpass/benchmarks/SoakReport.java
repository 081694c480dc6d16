package dev.firstpass.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Turns a soak run's {@code soak.csv} into {@code soak.png} (heap and store sizes over time) and
 * {@code soak-summary.md} (a table fragment for docs/benchmarks.md and the heap's trend).
 *
 * <p>The heap counts as bounded when the straight line fitted to the heap after GC over the run's last
 * half rises by less than {@value #FLAT_SHARE_PERCENT}% of the maximum heap over that half.
 */
final class SoakReport {

    static final int FLAT_SHARE_PERCENT = 5;
    private static final int WIDTH = 900;
    private static final int HEIGHT = 540;
    private static final int TABLE_ROWS = 8;

    private SoakReport() {
    }

    static void write(Path dir) throws IOException {
        List<SoakSample> samples = read(dir.resolve("soak.csv"));
        if (samples.isEmpty()) {
            System.out.println("soak: no samples in " + dir.resolve("soak.csv") + "; nothing to summarise");
            return;
        }
        String summary = summary(samples);
        Files.writeString(dir.resolve("soak-summary.md"), summary, StandardCharsets.UTF_8);
        // ImageIO's file cache registers a shutdown hook per stream, which fails while the JVM is
        // already shutting down (the soak run stopped by SIGTERM); the memory cache registers none.
        ImageIO.setUseCache(false);
        ChartUtils.saveChartAsPNG(dir.resolve("soak.png").toFile(), chart(samples), WIDTH, HEIGHT);
        System.out.println(summary);
        System.out.println("soak: wrote " + dir.resolve("soak.png") + " and " + dir.resolve("soak-summary.md"));
    }

    static List<SoakSample> read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<SoakSample> samples = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                samples.add(SoakSample.parse(lines.get(0), lines.get(i)));
            }
        }
        return samples;
    }

    private static JFreeChart chart(List<SoakSample> samples) {
        XYSeriesCollection dataset = new XYSeriesCollection();
        dataset.addSeries(series("heap used after GC", samples, SoakSample::heapUsedAfterGc));
        dataset.addSeries(series("max heap (-Xmx)", samples, SoakSample::heapMax));
        dataset.addSeries(series("resident set (heap + native, RocksDB)", samples, SoakSample::residentSet));
        dataset.addSeries(series("monitor state dir", samples, SoakSample::monitorStateBytes));
        dataset.addSeries(series("broker segments (*.log)", samples, SoakSample::brokerLogBytes));
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        Color[] colours = {new Color(0x1f, 0x5f, 0xbf), new Color(0x22, 0x22, 0x22), new Color(0x99, 0x99, 0x99),
            new Color(0xE6, 0x9F, 0x00), new Color(0x00, 0x9E, 0x73)};
        for (int i = 0; i < colours.length; i++) {
            renderer.setSeriesPaint(i, colours[i]);
            renderer.setSeriesStroke(i, new BasicStroke(2.0f));
        }
        renderer.setSeriesStroke(1, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f));
        NumberAxis minutes = new NumberAxis("minutes since start");
        NumberAxis mib = new NumberAxis("MiB");
        XYPlot plot = new XYPlot(dataset, minutes, mib, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
        plot.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
        SoakSample last = samples.get(samples.size() - 1);
        JFreeChart chart = new JFreeChart(String.format(Locale.ROOT, "Soak run: %,d epoch events, %d experiments",
                last.epochEventsSent(), last.experiments()), JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static XYSeries series(String name, List<SoakSample> samples, ToLongFunction<SoakSample> bytes) {
        XYSeries series = new XYSeries(name);
        for (SoakSample sample : samples) {
            long value = bytes.applyAsLong(sample);
            if (value >= 0) {
                series.add(sample.elapsedSeconds() / 60.0, SoakSample.mib(value));
            }
        }
        return series;
    }

    static String summary(List<SoakSample> samples) {
        SoakSample last = samples.get(samples.size() - 1);
        StringBuilder text = new StringBuilder();
        text.append("| elapsed | epoch events sent | held by the monitor | experiments | runs | commands taken |"
                + " kicks | heap after GC (MiB) | resident set (MiB) | monitor state (MiB) | broker logs (MiB) |"
                + " lag | violations |\n");
        text.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        int stride = Math.max(1, (samples.size() - 1) / TABLE_ROWS);
        for (int i = 0; i < samples.size(); i += stride) {
            row(text, samples.get(i));
        }
        if ((samples.size() - 1) % stride != 0) {
            row(text, last);
        }
        double hours = last.elapsedSeconds() / 3600.0;
        text.append(String.format(Locale.ROOT, "%nOver %.2f h: %,d epoch events (%.0f per second), %d experiments"
                + " (%d of them exploiting when their runs ended), %,d commands taken on, %,d kicks, refusals %d"
                + " expected (command reached a finished run) and %d unexpected, %d repeated command deliveries,"
                + " %d invariant violations.%n", hours, last.epochEventsSent(),
                last.epochEventsSent() / Math.max(1.0, last.elapsedSeconds()), last.experiments(),
                last.experimentsExploiting(), last.commandsAccepted(), last.kicksApplied(), last.refusalsExpected(),
                last.refusalsUnexpected(), last.duplicateCommands(), last.violations()));
        text.append(trend("heap used after GC", samples, SoakSample::heapUsedAfterGc, last.heapMax()));
        text.append(trend("resident set", samples, SoakSample::residentSet, -1));
        text.append(trend("monitor state dir", samples, SoakSample::monitorStateBytes, -1));
        text.append(trend("broker segments (*.log)", samples, SoakSample::brokerLogBytes, -1));
        text.append(trend("broker data dir, apparent size", samples, SoakSample::brokerDirBytes, -1));
        return text.toString();
    }

    private static void row(StringBuilder text, SoakSample s) {
        text.append(String.format(Locale.ROOT, "| %.0f min | %,d | %,d | %,d | %,d | %,d | %,d | %.0f | %.0f | %.1f |"
                + " %.1f | %d | %d |%n", s.elapsedSeconds() / 60.0, s.epochEventsSent(), s.epochEventsHeld(),
                s.experiments(), s.runs(), s.commandsAccepted(), s.kicksApplied(), SoakSample.mib(s.heapUsedAfterGc()),
                SoakSample.mib(s.residentSet()), SoakSample.mib(s.monitorStateBytes()),
                SoakSample.mib(s.brokerLogBytes()), s.monitorLag(), s.violations()));
    }

    /**
     * The least-squares slope (MiB per hour) over the run's last half, and for the heap whether that
     * counts as bounded.
     */
    private static String trend(String what, List<SoakSample> samples, ToLongFunction<SoakSample> bytes, long max) {
        double half = samples.get(samples.size() - 1).elapsedSeconds() / 2.0;
        List<double[]> points = new ArrayList<>();
        for (SoakSample sample : samples) {
            long value = bytes.applyAsLong(sample);
            if (sample.elapsedSeconds() >= half && value >= 0) {
                points.add(new double[] {sample.elapsedSeconds() / 3600.0, SoakSample.mib(value)});
            }
        }
        if (points.size() < 3) {
            return "- " + what + ": too few samples in the last half to fit a trend\n";
        }
        double slope = slope(points);
        double span = points.get(points.size() - 1)[0] - points.get(0)[0];
        String line = String.format(Locale.ROOT, "- %s over the last half (%d samples): %+.1f MiB per hour",
                what, points.size(), slope);
        if (max > 0) {
            double rise = slope * span;
            boolean bounded = rise < FLAT_SHARE_PERCENT / 100.0 * SoakSample.mib(max);
            line += String.format(Locale.ROOT, ", %+.1f MiB over that half against a max heap of %.0f MiB: %s", rise,
                    SoakSample.mib(max), bounded ? "bounded (under " + FLAT_SHARE_PERCENT + "% of the max heap)"
                            : "GROWING (" + FLAT_SHARE_PERCENT + "% of the max heap or more)");
        }
        return line + "\n";
    }

    private static double slope(List<double[]> points) {
        double meanX = points.stream().mapToDouble(p -> p[0]).average().orElse(0);
        double meanY = points.stream().mapToDouble(p -> p[1]).average().orElse(0);
        double covariance = 0;
        double variance = 0;
        for (double[] p : points) {
            covariance += (p[0] - meanX) * (p[1] - meanY);
            variance += (p[0] - meanX) * (p[0] - meanX);
        }
        return variance == 0 ? 0 : covariance / variance;
    }
}
