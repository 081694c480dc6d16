package dev.firstpass.core.recording;

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
 * Reads JSON-lines files of epoch events, the records the trainer publishes, into one recorded run
 * per run id. A run that resumed from a checkpoint repeats epochs in a later segment; the later
 * segment's values replace the earlier ones, as they do downstream.
 */
final class EpochEventRunReader {
    private EpochEventRunReader() {
    }

    static List<RecordedRun> read(Path file) {
        Map<String, RunEpochs> runs = new LinkedHashMap<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int lineNumber = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                EpochEvent event = parse(line, file, lineNumber);
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
            List<Map<String, Double>> epochs = new ArrayList<>(last);
            for (int epoch = 1; epoch <= last; epoch++) {
                EpochEvent event = latestByEpoch.get(epoch);
                if (event == null) {
                    throw new RecordingException(file + ": run " + runId
                            + " must report every epoch from 1 to " + last + "; epoch " + epoch + " is missing");
                }
                epochs.add(event.metrics());
            }
            return new RecordedRun(runId, file, epochs);
        }
    }
}
