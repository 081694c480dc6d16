package dev.firstpass.core.recording;

import dev.firstpass.core.fpt.trajectory.Trajectory;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One recorded run with every metric of every epoch, as read from a CSV file or from epoch events:
 * {@code epochs().get(0)} holds the metrics logged after epoch 1.
 */
public record RecordedRun(String runId, Path source, List<Map<String, Double>> epochs) {

    public RecordedRun {
        epochs = epochs.stream().map(metrics -> Collections.unmodifiableMap(new LinkedHashMap<>(metrics))).toList();
    }

    public int epochCount() {
        return epochs.size();
    }

    /** The metrics logged after {@code epoch} (1-based). */
    public Map<String, Double> metricsAt(int epoch) {
        return epochs.get(epoch - 1);
    }

    /** One metric over every epoch, or an error naming the epoch that lacks it and the metrics it has. */
    public Trajectory trajectory(String metric) {
        double[] values = new double[epochs.size()];
        for (int i = 0; i < values.length; i++) {
            Double value = epochs.get(i).get(metric);
            if (value == null) {
                throw new RecordingException(source + ": run " + runId + " has no metric '" + metric + "' at epoch "
                        + (i + 1) + " (metrics: " + String.join(", ", epochs.get(i).keySet()) + ")");
            }
            values[i] = value;
        }
        return Trajectory.ofEpochValues(runId, values);
    }
}
