package dev.firstpass.core.recording;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one run recorded as CSV: a header row of metric names, then one row per epoch (row 1 is
 * epoch 1). Every row must have as many fields as the header.
 */
final class CsvRunReader {
    private CsvRunReader() {
    }

    static RecordedRun read(Path file) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = reader.readLine();
            if (header == null || header.isBlank()) {
                throw new RecordingException(file + ": empty file, expected a header row of metric names");
            }
            String[] columns = split(stripBom(header));
            List<Map<String, Double>> epochs = new ArrayList<>();
            int lineNumber = 1;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
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
                    throw new RecordingException(file + " line " + lineNumber + ": " + metric
                            + " must be a number: '" + text + "'");
                }
            }
        }
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
