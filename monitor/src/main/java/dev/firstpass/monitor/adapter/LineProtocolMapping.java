package dev.firstpass.monitor.adapter;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which line-protocol points become epoch events, and where their parts sit.
 *
 * <p>Every accepted point becomes one event. Lookups name tags: run id, experiment and arm are tags
 * (or constants, or the record key); the epoch and the metrics are fields. Start from
 * {@link #forExperiment}, which states the defaults, and change parts with the {@code with} methods.
 *
 * @param measurements the measurements to read; points of others are skipped. Empty reads every
 *     measurement.
 * @param runId where the run id is; usually a tag
 * @param experiment where the experiment is; a tag or a constant
 * @param arm where the arm is, or null for events without an arm; a point without the tag has no arm
 * @param epochField the field holding the epoch, an integer from 1
 * @param metricFields the fields that are metrics, in reporting order. Empty takes every numeric
 *     field (float, integer, unsigned) except the epoch field, in written order.
 * @param precision the unit of point timestamps: nanos, micros, millis or seconds
 * @param kickField a boolean field that is true when a perturbation was applied after the point's epoch,
 *     or null when the points say nothing of kicks
 * @param endField a field that says the run ended at the point's epoch: true (completed), or the reason
 *     completed, stopped or failed as a string; false or absent when it goes on. Null when the points say
 *     nothing of run ends
 */
public record LineProtocolMapping(
        Set<String> measurements,
        ValueSource runId,
        ValueSource experiment,
        ValueSource arm,
        String epochField,
        List<String> metricFields,
        ChronoUnit precision,
        String kickField,
        String endField) {

    /** Default tag of the run id, as named in FirstPass's own events. */
    public static final String DEFAULT_RUN_ID_TAG = "run_id";
    /** Default field of the epoch, as named in FirstPass's own events. */
    public static final String DEFAULT_EPOCH_FIELD = "epoch";
    /** The timestamp units line protocol defines, by the names InfluxDB's write API gives them. */
    static final Map<String, ChronoUnit> PRECISION_NAMES = precisionNames();

    public LineProtocolMapping {
        List<String> problems = new ArrayList<>();
        if (measurements == null) {
            problems.add("measurements is required (empty reads every measurement)");
        } else {
            measurements.forEach(m -> blankName("measurement", m, problems));
        }
        if (runId == null) {
            problems.add("runId is required");
        }
        if (experiment == null) {
            problems.add("experiment is required");
        }
        blankName("epochField", epochField, problems);
        if (metricFields == null) {
            problems.add("metricFields is required (empty takes every numeric field)");
        } else {
            metricFields.forEach(f -> blankName("metric field", f, problems));
        }
        if (kickField != null) {
            blankName("kickField", kickField, problems);
        }
        if (endField != null) {
            blankName("endField", endField, problems);
        }
        if (!PRECISION_NAMES.containsValue(precision)) {
            problems.add("precision must be one of NANOS, MICROS, MILLIS, SECONDS: " + precision);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        measurements = Collections.unmodifiableSet(new LinkedHashSet<>(measurements));
        metricFields = List.copyOf(metricFields);
    }

    /**
     * Every measurement; run id from tag {@code run_id}; no arm; epoch from field {@code epoch};
     * every other numeric field a metric; timestamps in nanoseconds.
     */
    public static LineProtocolMapping forExperiment(ValueSource experiment) {
        return new LineProtocolMapping(Set.of(), ValueSource.lookup(DEFAULT_RUN_ID_TAG), experiment, null,
                DEFAULT_EPOCH_FIELD, List.of(), ChronoUnit.NANOS, null, null);
    }

    public LineProtocolMapping withMeasurements(Set<String> names) {
        return new LineProtocolMapping(names, runId, experiment, arm, epochField, metricFields, precision,
                kickField, endField);
    }

    public LineProtocolMapping withRunId(ValueSource source) {
        return new LineProtocolMapping(measurements, source, experiment, arm, epochField, metricFields, precision,
                kickField, endField);
    }

    public LineProtocolMapping withArm(ValueSource source) {
        return new LineProtocolMapping(measurements, runId, experiment, source, epochField, metricFields, precision,
                kickField, endField);
    }

    public LineProtocolMapping withEpochField(String field) {
        return new LineProtocolMapping(measurements, runId, experiment, arm, field, metricFields, precision,
                kickField, endField);
    }

    public LineProtocolMapping withMetricFields(List<String> fields) {
        return new LineProtocolMapping(measurements, runId, experiment, arm, epochField, fields, precision,
                kickField, endField);
    }

    public LineProtocolMapping withPrecision(ChronoUnit unit) {
        return new LineProtocolMapping(measurements, runId, experiment, arm, epochField, metricFields, unit,
                kickField, endField);
    }

    /** Points whose boolean field {@code field} is true say a perturbation was applied after their epoch. */
    public LineProtocolMapping withKickField(String field) {
        return new LineProtocolMapping(measurements, runId, experiment, arm, epochField, metricFields, precision,
                field, endField);
    }

    /**
     * Points whose field {@code field} is true, or a reason (completed, stopped, failed), say the run ended
     * at their epoch.
     */
    public LineProtocolMapping withEndField(String field) {
        return new LineProtocolMapping(measurements, runId, experiment, arm, epochField, metricFields, precision,
                kickField, field);
    }

    /** The write-API name of a precision: ns, us, ms or s. */
    static String precisionName(ChronoUnit unit) {
        for (Map.Entry<String, ChronoUnit> entry : PRECISION_NAMES.entrySet()) {
            if (entry.getValue() == unit) {
                return entry.getKey();
            }
        }
        throw new IllegalArgumentException("not a line-protocol precision: " + unit);
    }

    private static Map<String, ChronoUnit> precisionNames() {
        Map<String, ChronoUnit> names = new LinkedHashMap<>();
        names.put("ns", ChronoUnit.NANOS);
        names.put("us", ChronoUnit.MICROS);
        names.put("ms", ChronoUnit.MILLIS);
        names.put("s", ChronoUnit.SECONDS);
        return Collections.unmodifiableMap(names);
    }

    private static void blankName(String what, String name, List<String> problems) {
        if (name == null || name.isBlank()) {
            problems.add(what + " must not be blank: " + Rejections.show(name));
        }
    }
}
