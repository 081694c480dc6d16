package dev.firstpass.core.recording;

import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.InvalidRecordException;
import dev.firstpass.core.protocol.ProtocolJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads JSON-lines files of epoch events, the records the trainer publishes, into one recorded run
 * per run id. A run that resumed from a checkpoint repeats epochs in a later segment; the later
 * segment's values replace the earlier ones, as they do downstream.
 */
final class EpochEventRunReader {
    private EpochEventRunReader() {
    }

    static List<RecordedRun> read(Path file) {
        Map<String, RunEpochs> runs = new LinkedHashMap<>();
        try (BoundedLines lines = BoundedLines.open(file)) {
            for (String line = lines.next(); line != null; line = lines.next()) {
                if (line.isBlank()) {
                    continue;
                }
                EpochEvent event = parse(line, file, lines.lineNumber());
                runs.computeIfAbsent(event.runId(), RunEpochs::new).add(event);
            }
        } catch (IOException e) {
            throw new RecordingException(file + ": cannot be read: " + e.getMessage());
        }
        if (runs.isEmpty()) {
            throw new RecordingException(file + ": no epoch events");
        }
        List<RecordedRun> recorded = new ArrayList<>();
        for (RunEpochs run : runs.values()) {
            recorded.add(run.toRecordedRun(file));
        }
        return recorded;
    }

    private static EpochEvent parse(String line, Path file, int lineNumber) {
        try {
            return ProtocolJson.parseEpochEvent(line);
        } catch (InvalidRecordException e) {
            throw new RecordingException(file + " line " + lineNumber + ": " + e.getMessage());
        }
    }

    /** The latest event per epoch of one run, where a later segment wins. */
    private static final class RunEpochs {
        private final String runId;
        private final TreeMap<Integer, EpochEvent> latestByEpoch = new TreeMap<>();

        RunEpochs(String runId) {
            this.runId = runId;
        }

        void add(EpochEvent event) {
            EpochEvent previous = latestByEpoch.get(event.epoch());
            if (previous == null || event.segment() >= previous.segment()) {
                latestByEpoch.put(event.epoch(), event);
            }
        }

        RecordedRun toRecordedRun(Path file) {
            int last = latestByEpoch.lastKey();
            // Checked before anything is sized by the last epoch: one event at epoch 2,000,000,000 must
            // be a gap, not an attempt at a list of two billion epochs.
            if (latestByEpoch.size() != last) {
                int expected = 1;
                for (int epoch : latestByEpoch.keySet()) {
                    if (epoch != expected) {
                        break;
                    }
                    expected++;
                }
                throw new RecordingException(file + ": run " + runId
                        + " must report every epoch from 1 to " + last + "; epoch " + expected + " is missing");
            }
            List<Map<String, Double>> epochs = new ArrayList<>(last);
            latestByEpoch.values().forEach(event -> epochs.add(event.metrics()));
            return new RecordedRun(runId, file, epochs);
        }
    }
}
