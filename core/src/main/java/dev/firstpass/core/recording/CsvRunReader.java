package dev.firstpass.core.recording;

import dev.firstpass.core.protocol.InputLimits;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one run recorded as CSV: a header row of metric names, then one row per epoch (row 1 is
 * epoch 1). Every row must have as many fields as the header.
 *
 * <p>The header is held to the rules of an epoch event's metrics (named, unique, at most
 * {@value InputLimits#MAX_METRICS} of at most {@value InputLimits#MAX_METRIC_NAME_CHARS} characters), so
 * that whatever {@code analyze} reads, {@code replay} can publish.
 */
final class CsvRunReader {
    private CsvRunReader() {
    }

    static RecordedRun read(Path file) {
        try (BoundedLines lines = BoundedLines.open(file)) {
            String header = lines.next();
            if (header == null || header.isBlank()) {
                throw new RecordingException(file + ": empty file, expected a header row of metric names");
            }
            String[] columns = split(stripBom(header));
            checkHeader(file, columns);
            List<Map<String, Double>> epochs = new ArrayList<>();
            for (String line = lines.next(); line != null; line = lines.next()) {
                if (line.isBlank()) {
                    continue;
                }
                int lineNumber = lines.lineNumber();
                String[] fields = split(line);
                if (fields.length != columns.length) {
                    throw new RecordingException(file + " line " + lineNumber + ": expected " + columns.length
                            + " fields as in the header, found " + fields.length);
                }
                Map<String, Double> metrics = new LinkedHashMap<>();
                for (int i = 0; i < columns.length; i++) {
                    metrics.put(columns[i], parseValue(fields[i], file, lineNumber, columns[i]));
                }
                epochs.add(metrics);
            }
            if (epochs.isEmpty()) {
                throw new RecordingException(file + ": no epochs after the header row");
            }
            return new RecordedRun(RecordingFiles.runIdOf(file), file, epochs);
        } catch (IOException e) {
            throw new RecordingException(file + ": cannot be read: " + e.getMessage());
        }
    }

    /** Numbers as Java or Python write them, including nan and inf, which are kept as non-finite. */
    static double parseValue(String field, Path file, int lineNumber, String metric) {
        String text = field.trim();
        switch (text.toLowerCase(Locale.ROOT)) {
            case "nan", "-nan" -> {
                return Double.NaN;
            }
            case "inf", "+inf", "infinity", "+infinity" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf", "-infinity" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new RecordingException(file + " line " + lineNumber + ": " + shown(metric)
                            + " must be a number: '" + shown(text) + "'");
                }
            }
        }
    }

    private static void checkHeader(Path file, String[] columns) {
        String at = file + " line 1: ";
        if (columns.length > InputLimits.MAX_METRICS) {
            throw new RecordingException(at + "the header must name at most " + InputLimits.MAX_METRICS
                    + " metrics: " + columns.length);
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < columns.length; i++) {
            String name = columns[i];
            if (name.isBlank()) {
                throw new RecordingException(at + "header column " + (i + 1) + " must name a metric: '" + name + "'");
            }
            int chars = name.codePointCount(0, name.length());
            if (chars > InputLimits.MAX_METRIC_NAME_CHARS) {
                throw new RecordingException(at + "metric names must be at most " + InputLimits.MAX_METRIC_NAME_CHARS
                        + " characters: " + chars + " in header column " + (i + 1) + " '" + shown(name) + "'");
            }
            Integer first = seen.putIfAbsent(name, i + 1);
            if (first != null) {
                throw new RecordingException(at + "metric '" + name + "' must be named once in the header: columns "
                        + first + " and " + (i + 1));
            }
        }
    }

    // A cell can be a megabyte long; a message quotes only enough of it to find it.
    private static String shown(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }

    private static String[] split(String line) {
        String[] fields = line.split(",", -1);
        for (int i = 0; i < fields.length; i++) {
            fields[i] = fields[i].trim();
        }
        return fields;
    }

    private static String stripBom(String header) {
        return header.startsWith("\uFEFF") ? header.substring(1) : header;
    }
}
