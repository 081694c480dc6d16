package dev.firstpass.trainer.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps a run's metrics epoch by epoch and, when given a folder, writes them as {@code <run id>.csv}
 * in the layout {@code firstpass analyze} reads: a header of metric names, one row per epoch.
 *
 * <p>The whole file is rewritten and renamed into place after each epoch, so a resumed run that
 * repeats epochs leaves exactly one row per epoch, and a reader never sees half a row.
 */
final class TrajectoryRecorder implements BoundaryListener {

    private final Path file;
    private final List<Map<String, Double>> rows = new ArrayList<>();

    TrajectoryRecorder(Path folder, String runId, List<Map<String, Double>> restored) {
        this.file = folder == null ? null : folder.resolve(runId + ".csv");
        restored.forEach(row -> rows.add(new LinkedHashMap<>(row)));
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> metrics) {
        add(metrics);
    }

    void add(Map<String, Double> metrics) {
        rows.add(new LinkedHashMap<>(metrics));
        if (file != null) {
            write();
        }
    }

    List<Map<String, Double>> rows() {
        return List.copyOf(rows);
    }

    private void write() {
        StringBuilder csv = new StringBuilder(String.join(",", MetricNames.ALL)).append('\n');
        for (Map<String, Double> row : rows) {
            List<String> fields = new ArrayList<>();
            for (String name : MetricNames.ALL) {
                Double value = row.get(name);
                fields.add(value == null ? "NaN" : Double.toString(value));
            }
            csv.append(String.join(",", fields)).append('\n');
        }
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(temporary, csv, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record trajectory to " + file, e);
        }
    }
}
