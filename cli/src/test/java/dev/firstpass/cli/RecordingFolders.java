package dev.firstpass.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Writes arm folders the way training jobs record them: one CSV per run, a header row, a row per epoch. */
public final class RecordingFolders {
    private RecordingFolders() {
    }

    /** An arm folder with one CSV per run; each run is a list of rows, each row the fields of one epoch. */
    public static Path writeArm(Path folder, String header, List<List<String>> runs) {
        try {
            Files.createDirectories(folder);
            for (int run = 0; run < runs.size(); run++) {
                StringBuilder csv = new StringBuilder(header).append('\n');
                for (String row : runs.get(run)) {
                    csv.append(row).append('\n');
                }
                Files.writeString(folder.resolve("seed_" + run + ".csv"), csv);
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs of a single metric column {@code acc}, the i-th run holding {@code values[i]}. */
    public static Path writeSingleMetricArm(Path folder, double[]... values) {
        List<List<String>> runs = Arrays.stream(values)
                .map(run -> Arrays.stream(run).mapToObj(v -> "0," + v).toList())
                .toList();
        return writeArm(folder, "loss,acc", runs);
    }
}
