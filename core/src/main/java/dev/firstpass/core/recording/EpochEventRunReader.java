package dev.firstpass.core.recording;

import dev.firstpass.core.fpt.trajectory.Trajectory;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.InvalidRecordException;
import dev.firstpass.core.protocol.ProtocolJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads JSON-lines files of epoch events, the records the trainer publishes, into one trajectory
 * per run id. A run that resumed from a checkpoint repeats epochs in a later segment; the later
 * segment's values replace the earlier ones, as they do downstream.
 */
final class EpochEventRunReader {
    private EpochEventRunReader() {
    }

    static List<Trajectory> read(Path file, String metric) {
        Map<String, RunEpochs> runs = new LinkedHashMap<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int lineNumber = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                EpochEvent event = parse(line, file, lineNumber);
                if (!event.metrics().containsKey(metric)) {
                    throw new RecordingException(file + " line " + lineNumber + ": run " + event.runId() + " epoch "
                            + event.epoch() + " has no metric '" + metric + "' (metrics: "
                            + String.join(", ", event.metrics().keySet()) + ")");
                }
                runs.computeIfAbsent(event.runId(), RunEpochs::new).add(event, event.metrics().get(metric));
            }
        } catch (IOException e) {
            throw new RecordingException(file + ": cannot be read: " + e.getMessage());
        }
        if (runs.isEmpty()) {
            throw new RecordingException(file + ": no epoch events");
        }
        List<Trajectory> trajectories = new ArrayList<>();
        for (RunEpochs run : runs.values()) {
            trajectories.add(run.toTrajectory(file));
        }
        return trajectories;
    }

    private static EpochEvent parse(String line, Path file, int lineNumber) {
        try {
            return ProtocolJson.parseEpochEvent(line);
        } catch (InvalidRecordException e) {
            throw new RecordingException(file + " line " + lineNumber + ": " + e.getMessage());
        }
    }

    /** The latest value per epoch of one run, where a later segment wins. */
    private static final class RunEpochs {
        private final String runId;
        private final TreeMap<Integer, double[]> valueAndSegmentByEpoch = new TreeMap<>();

        RunEpochs(String runId) {
            this.runId = runId;
        }

        void add(EpochEvent event, double value) {
            double[] previous = valueAndSegmentByEpoch.get(event.epoch());
            if (previous == null || event.segment() >= previous[1]) {
                valueAndSegmentByEpoch.put(event.epoch(), new double[] {value, event.segment()});
            }
        }

        Trajectory toTrajectory(Path file) {
            int last = valueAndSegmentByEpoch.lastKey();
            double[] values = new double[last];
            for (int epoch = 1; epoch <= last; epoch++) {
                double[] entry = valueAndSegmentByEpoch.get(epoch);
                if (entry == null) {
                    throw new RecordingException(file + ": run " + runId
                            + " must report every epoch from 1 to " + last + "; epoch " + epoch + " is missing");
                }
                values[epoch - 1] = entry[0];
            }
            return Trajectory.ofEpochValues(runId, values);
        }
    }
}
