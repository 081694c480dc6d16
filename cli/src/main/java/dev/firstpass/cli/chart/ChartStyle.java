package dev.firstpass.cli.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Stroke;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.Arrays;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;

/** The look shared by every FirstPass plot (size, fonts, colours, markers) and how plots are saved. */
public final class ChartStyle {
    public static final int WIDTH = 900;
    public static final int HEIGHT = 540;
    /** Values spanning more than this factor are drawn on a log axis, or the small ones would merge. */
    static final double LOG_SCALE_SPAN = 20.0;

    static final Color BASELINE = new Color(0x22, 0x22, 0x22);
    static final Color VALID = new Color(0x1f, 0x5f, 0xbf);
    static final Color INVALID = new Color(0x99, 0x99, 0x99);
    static final Color HIGHLIGHT = new Color(0xc0, 0x39, 0x2b);
    private static final Color CLEAR = new Color(255, 255, 255, 0);
    static final Stroke LINE = new BasicStroke(2.0f);
    static final Stroke THIN = new BasicStroke(1.2f);
    static final Stroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {6f, 4f}, 0f);

    /** Colour-blind-safe colours (Okabe-Ito, then Tol's muted) for arms, in order. */
    private static final Color[] PALETTE = {
        new Color(0xE6, 0x9F, 0x00), new Color(0x56, 0xB4, 0xE9), new Color(0x00, 0x9E, 0x73),
        new Color(0xD5, 0x5E, 0x00), new Color(0xCC, 0x79, 0xA7), new Color(0x00, 0x72, 0xB2),
        new Color(0x88, 0x22, 0x55), new Color(0x44, 0xAA, 0x99), new Color(0x99, 0x99, 0x33),
        new Color(0x33, 0x22, 0x88), new Color(0xAA, 0x44, 0x99), new Color(0x11, 0x77, 0x33)
    };

    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font MARKER_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private ChartStyle() {
    }

    public static Paint paletteColor(int index) {
        return PALETTE[index % PALETTE.length];
    }

    static Color translucent(Color color, int alpha) {
        return new Color(color.getRed(), color.getGreen(), color.getBlue(), alpha);
    }

    /** A chart with the shared look around {@code plot}. */
    public static JFreeChart chart(String title, XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
        plot.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
        plot.setAxisOffset(new RectangleInsets(4, 4, 4, 4));
        plot.getDomainAxis().setLabelFont(LABEL_FONT);
        plot.getRangeAxis().setLabelFont(LABEL_FONT);
        plot.setNoDataMessage("nothing to draw: no finite values");
        JFreeChart chart = new JFreeChart(title, TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        return chart;
    }

    public static NumberAxis epochAxis(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        axis.setAutoRangeIncludesZero(false);
        return axis;
    }

    /**
     * An axis for positive times from {@code lower} to {@code upper}: logarithmic when they span more
     * than {@link #LOG_SCALE_SPAN}, linear otherwise.
     */
    static ValueAxis timeAxis(String label, double lower, double upper) {
        if (upper / lower > LOG_SCALE_SPAN) {
            LogAxis axis = new LogAxis(label + ", log scale");
            // Automatic log ticks fall on 10^(k/10) (12.59, 15.85, ...); two significant digits read as 13, 16, ...
            axis.setNumberFormatOverride(new SignificantDigits(2));
            axis.setSmallestValue(lower / 2.0);
            axis.setRange(lower / 1.25, upper * 1.25);
            return axis;
        }
        NumberAxis axis = new NumberAxis(label);
        double margin = Math.max(0.5, 0.06 * (upper - lower));
        axis.setRange(Math.max(0.0, lower - margin), upper + margin);
        return axis;
    }

    /** The smallest and largest positive finite values, or null when there are none. */
    static double[] positiveRange(double... values) {
        double[] positive = Arrays.stream(values).filter(v -> Double.isFinite(v) && v > 0.0).toArray();
        if (positive.length == 0) {
            return null;
        }
        return new double[] {Arrays.stream(positive).min().orElseThrow(), Arrays.stream(positive).max().orElseThrow()};
    }

    /** A labelled vertical line at {@code x}. */
    public static void markDomain(XYPlot plot, double x, String label, Color color, Stroke stroke) {
        ValueMarker marker = new ValueMarker(x, color, stroke);
        marker.setLabel(label);
        marker.setLabelFont(MARKER_FONT);
        marker.setLabelPaint(color);
        marker.setLabelBackgroundColor(CLEAR);
        marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
        plot.addDomainMarker(marker, Layer.FOREGROUND);
    }

    /** A labelled horizontal line at {@code y}. */
    public static void markRange(XYPlot plot, double y, String label, Color color, Stroke stroke) {
        ValueMarker marker = new ValueMarker(y, color, stroke);
        marker.setLabel(label);
        marker.setLabelFont(MARKER_FONT);
        marker.setLabelPaint(color);
        marker.setLabelBackgroundColor(CLEAR);
        // At the right end, away from the vertical markers' labels at the top left.
        marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        marker.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
        plot.addRangeMarker(marker, Layer.FOREGROUND);
    }

    /** Formats tick labels to a number of significant digits, without exponents. */
    private static final class SignificantDigits extends NumberFormat {
        private static final long serialVersionUID = 1L;
        private final int digits;

        SignificantDigits(int digits) {
            this.digits = digits;
        }

        @Override
        public StringBuffer format(double number, StringBuffer toAppendTo, FieldPosition pos) {
            if (!Double.isFinite(number) || number == 0.0) {
                return toAppendTo.append(number == 0.0 ? "0" : String.valueOf(number));
            }
            return toAppendTo.append(new BigDecimal(number).round(new MathContext(digits)).stripTrailingZeros()
                    .toPlainString());
        }

        @Override
        public StringBuffer format(long number, StringBuffer toAppendTo, FieldPosition pos) {
            return format((double) number, toAppendTo, pos);
        }

        @Override
        public Number parse(String source, ParsePosition parsePosition) {
            throw new UnsupportedOperationException("tick labels are only formatted");
        }
    }

    /** Writes the chart as a PNG of the shared size. */
    public static void save(JFreeChart chart, Path file) throws IOException {
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    }
}
