package dev.firstpass.monitor.adapter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the parts of an epoch event sit in a team's own JSON records.
 *
 * <p>Paths are dotted names with optional array indexes ({@code job.id}, {@code metrics[0].value}).
 * Metrics come from named paths, from every numeric field under one path, or both; a named metric
 * wins over a field of the same name found under the path. Start from {@link #forMetrics} or
 * {@link #forNumbersUnder}, which state the defaults, and change parts with the {@code with} methods.
 *
 * @param runId where the run id is: a path, a constant, or the record key
 * @param experiment where the experiment is: a path, a constant, or the record key
 * @param arm where the arm is, or null for events without an arm; a record without the field has no
 *     arm
 * @param epochPath the path of the epoch, an integer from 1
 * @param timePath the path of the event time (ISO-8601 text or epoch milliseconds), or null to use
 *     the record timestamp
 * @param metricPaths metric name to path, in the order the metrics are to be reported
 * @param metricsUnder a path whose numeric fields, at any depth, are all metrics (named by their
 *     dotted path below it), or null
 * @param kickPath the path of a boolean that is true when a perturbation was applied after this
 *     record's epoch, or null when the records say nothing of kicks
 * @param endPath the path of a value that says the run ended at this record's epoch: true (completed),
 *     or the reason completed, stopped or failed; false or absent when it goes on. Null when the records
 *     say nothing of run ends
 */
public record JsonFieldMapping(
        ValueSource runId,
        ValueSource experiment,
        ValueSource arm,
        String epochPath,
        String timePath,
        Map<String, String> metricPaths,
        String metricsUnder,
        String kickPath,
        String endPath) {

    /** Default path of the run id, as in FirstPass's own events. */
    public static final String DEFAULT_RUN_ID_PATH = "run_id";
    /** Default path of the epoch, as in FirstPass's own events. */
    public static final String DEFAULT_EPOCH_PATH = "epoch";

    public JsonFieldMapping {
        List<String> problems = new ArrayList<>();
        source("runId", runId, true, problems);
        source("experiment", experiment, true, problems);
        source("arm", arm, false, problems);
        path("epochPath", epochPath, true, problems);
        path("timePath", timePath, false, problems);
        path("metricsUnder", metricsUnder, false, problems);
        path("kickPath", kickPath, false, problems);
        path("endPath", endPath, false, problems);
        if (metricPaths == null) {
            problems.add("metricPaths is required (it may be empty when metricsUnder is set)");
        } else {
            metricPaths.forEach((name, path) -> {
                if (name == null || name.isBlank()) {
                    problems.add("metric names must not be blank: " + Rejections.show(name));
                }
                path("path of metric " + Rejections.show(name), path, true, problems);
            });
            if (metricPaths.isEmpty() && metricsUnder == null) {
                problems.add("a mapping needs at least one metric: metricPaths or metricsUnder");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        metricPaths = Collections.unmodifiableMap(new LinkedHashMap<>(metricPaths));
    }

    /**
     * Metrics at the given paths (name to path, in reporting order); run id at {@code run_id}, epoch
     * at {@code epoch}, no arm, time from the record timestamp.
     */
    public static JsonFieldMapping forMetrics(ValueSource experiment, Map<String, String> metricPaths) {
        return new JsonFieldMapping(ValueSource.lookup(DEFAULT_RUN_ID_PATH), experiment, null,
                DEFAULT_EPOCH_PATH, null, metricPaths, null, null, null);
    }

    /**
     * Every numeric field under {@code root} is a metric; run id at {@code run_id}, epoch at
     * {@code epoch}, no arm, time from the record timestamp.
     */
    public static JsonFieldMapping forNumbersUnder(ValueSource experiment, String root) {
        return new JsonFieldMapping(ValueSource.lookup(DEFAULT_RUN_ID_PATH), experiment, null,
                DEFAULT_EPOCH_PATH, null, Map.of(), root, null, null);
    }

    public JsonFieldMapping withRunId(ValueSource source) {
        return new JsonFieldMapping(source, experiment, arm, epochPath, timePath, metricPaths, metricsUnder,
                kickPath, endPath);
    }

    public JsonFieldMapping withArm(ValueSource source) {
        return new JsonFieldMapping(runId, experiment, source, epochPath, timePath, metricPaths, metricsUnder,
                kickPath, endPath);
    }

    public JsonFieldMapping withEpochPath(String path) {
        return new JsonFieldMapping(runId, experiment, arm, path, timePath, metricPaths, metricsUnder,
                kickPath, endPath);
    }

    public JsonFieldMapping withTimePath(String path) {
        return new JsonFieldMapping(runId, experiment, arm, epochPath, path, metricPaths, metricsUnder,
                kickPath, endPath);
    }

    public JsonFieldMapping withMetricPaths(Map<String, String> paths) {
        return new JsonFieldMapping(runId, experiment, arm, epochPath, timePath, paths, metricsUnder, kickPath,
                endPath);
    }

    public JsonFieldMapping withMetricsUnder(String root) {
        return new JsonFieldMapping(runId, experiment, arm, epochPath, timePath, metricPaths, root, kickPath,
                endPath);
    }

    /** Records whose boolean at {@code path} is true say a perturbation was applied after their epoch. */
    public JsonFieldMapping withKickPath(String path) {
        return new JsonFieldMapping(runId, experiment, arm, epochPath, timePath, metricPaths, metricsUnder, path,
                endPath);
    }

    /**
     * Records whose value at {@code path} is true, or a reason (completed, stopped, failed), say the run
     * ended at their epoch.
     */
    public JsonFieldMapping withEndPath(String path) {
        return new JsonFieldMapping(runId, experiment, arm, epochPath, timePath, metricPaths, metricsUnder, kickPath,
                path);
    }

    private static void source(String what, ValueSource source, boolean required, List<String> problems) {
        if (source == null) {
            if (required) {
                problems.add(what + " is required");
            }
        } else if (source.kind() == ValueSource.Kind.LOOKUP && !JsonPath.isValid(source.name())) {
            problems.add(what + " must be " + JsonPath.RULE + ": " + Rejections.show(source.name()));
        }
    }

    private static void path(String what, String path, boolean required, List<String> problems) {
        if (path == null) {
            if (required) {
                problems.add(what + " is required");
            }
        } else if (!JsonPath.isValid(path)) {
            problems.add(what + " must be " + JsonPath.RULE + ": " + Rejections.show(path));
        }
    }
}
