package dev.firstpass.monitor.adapter;

import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.InputLimits;
import dev.firstpass.core.protocol.InvalidRecordException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads InfluxDB line protocol, as Telegraf and many agents write it to Kafka: one event per point.
 *
 * <p>A record is rejected whole when any of its lines is, so that a record is never half applied; the
 * reasons name every bad line. Lines of measurements the mapping does not ask for are skipped.
 */
final class LineProtocolAdapter implements EpochEventAdapter {

    private static final BigInteger MAX_EPOCH = BigInteger.valueOf(Integer.MAX_VALUE);

    private final LineProtocolMapping mapping;

    LineProtocolAdapter(LineProtocolMapping mapping) {
        this.mapping = mapping;
    }

    @Override
    public List<EpochEvent> adapt(byte[] key, byte[] value, Instant recordTime) {
        if (value == null) {
            return List.of();
        }
        InputLimits.requireRecordSize(value);
        String text = RecordKey.decodeUtf8(value);
        if (text == null) {
            throw Rejections.single("record value is not UTF-8 text");
        }
        List<EpochEvent> events = new ArrayList<>();
        Rejections rejections = new Rejections();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (LineParser.holdsNoPoint(line)) {
                continue;
            }
            LineParser.Parsed parsed = LineParser.parse(line, this::wanted);
            String where = "line " + (i + 1) + ": ";
            if (parsed.problem() != null) {
                rejections.add(where + parsed.problem());
            } else if (!parsed.skipped()) {
                Rejections problems = new Rejections();
                EpochEvent event = event(parsed.point(), key, recordTime, problems);
                problems.reasons().forEach(reason -> rejections.add(where + reason));
                if (event != null) {
                    events.add(event);
                }
            }
        }
        rejections.throwIfAny();
        return List.copyOf(events);
    }

    private boolean wanted(String measurement) {
        return mapping.measurements().isEmpty() || mapping.measurements().contains(measurement);
    }

    private EpochEvent event(LinePoint point, byte[] key, Instant recordTime, Rejections problems) {
        String runId = text(mapping.runId(), "run_id", point, key, problems);
        String experiment = text(mapping.experiment(), "experiment", point, key, problems);
        String arm = mapping.arm() == null ? null : text(mapping.arm(), "arm", point, key, problems);
        int epoch = epoch(point, problems);
        Instant time = time(point, recordTime, problems);
        Map<String, Double> metrics = metrics(point, problems);
        if (!problems.isEmpty()) {
            return null;
        }
        try {
            return new EpochEvent(experiment, runId, arm, epoch, 0, time, metrics, 0, Map.of());
        } catch (InvalidRecordException e) {
            problems.addAll(e.violations());
            return null;
        }
    }

    /** Run id, experiment or arm; an absent arm tag is no arm, any other absent value a problem. */
    private static String text(ValueSource source, String role, LinePoint point, byte[] key, Rejections problems) {
        switch (source.kind()) {
            case CONSTANT:
                return source.name();
            case RECORD_KEY:
                return RecordKey.text(key, role, problems);
            default:
                break;
        }
        String subject = "tag '" + source.name() + "' (" + role + ")";
        String value = point.tags().get(source.name());
        if (value == null) {
            if (!role.equals("arm")) {
                problems.add(subject + " is missing");
            }
            return null;
        }
        // Tag values cannot be empty, but an escaped space can make one blank.
        if (value.isBlank()) {
            problems.add(subject + " must not be blank: " + Rejections.show(value));
            return null;
        }
        return value;
    }

    private int epoch(LinePoint point, Rejections problems) {
        String subject = "field '" + mapping.epochField() + "' (epoch)";
        LineField field = point.fields().get(mapping.epochField());
        if (field == null) {
            problems.add(subject + " is missing");
            return 0;
        }
        BigInteger whole = wholeNumber(field);
        if (whole == null) {
            problems.add(subject + " must be an integer: " + Rejections.cut(field.written()));
            return 0;
        }
        if (whole.signum() < 1) {
            problems.add(subject + " must be at least 1: " + Rejections.cut(field.written()));
            return 0;
        }
        if (whole.compareTo(MAX_EPOCH) > 0) {
            problems.add(subject + " must be at most " + Integer.MAX_VALUE + ": " + Rejections.cut(field.written()));
            return 0;
        }
        return whole.intValue();
    }

    private Instant time(LinePoint point, Instant recordTime, Rejections problems) {
        if (point.timestamp() == null) {
            if (recordTime == null) {
                problems.add("time is missing: the point has no timestamp and the record none");
            }
            return recordTime;
        }
        try {
            return instant(point.timestamp(), mapping.precision());
        } catch (DateTimeException | ArithmeticException e) {
            problems.add("timestamp out of range for precision "
                    + LineProtocolMapping.precisionName(mapping.precision())
                    + " at column " + point.timestampColumn() + ": " + point.timestamp());
            return null;
        }
    }

    private Map<String, Double> metrics(LinePoint point, Rejections problems) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (mapping.metricFields().isEmpty()) {
            point.fields().forEach((name, field) -> {
                if (field.isNumber() && !name.equals(mapping.epochField())) {
                    metrics.put(name, field.number());
                }
            });
            if (metrics.isEmpty()) {
                problems.add("no metrics: no numeric field other than '" + mapping.epochField() + "'");
            }
            return metrics;
        }
        // The list picks fields rather than demanding them: one record often mixes measurements (train
        // with loss, eval with accuracy), and each point carries only its own.
        boolean unreadable = false;
        for (String name : mapping.metricFields()) {
            LineField field = point.fields().get(name);
            if (field != null && !field.isNumber()) {
                unreadable = true;
                problems.add("field '" + name + "' (metric '" + name + "') must be a number: "
                        + Rejections.cut(field.written()));
            } else if (field != null) {
                metrics.put(name, field.number());
            }
        }
        if (metrics.isEmpty() && !unreadable) {
            problems.add("no metrics: none of the fields " + String.join(", ", mapping.metricFields()));
        }
        return metrics;
    }

    // Integers and unsigned integers, or a float with no fractional part: agents that write every
    // number as a float (epoch=3) are common.
    private static BigInteger wholeNumber(LineField field) {
        Object value = field.value();
        if (value instanceof Long whole) {
            return BigInteger.valueOf(whole);
        }
        if (value instanceof BigInteger whole) {
            return whole;
        }
        if (value instanceof Double d && d == Math.rint(d)) {
            return new BigDecimal(d).toBigInteger();
        }
        return null;
    }

    private static Instant instant(long timestamp, ChronoUnit precision) {
        return switch (precision) {
            case NANOS -> Instant.ofEpochSecond(0, timestamp);
            case MICROS -> Instant.ofEpochSecond(Math.floorDiv(timestamp, 1_000_000L),
                    Math.floorMod(timestamp, 1_000_000L) * 1_000L);
            case MILLIS -> Instant.ofEpochMilli(timestamp);
            case SECONDS -> Instant.ofEpochSecond(timestamp);
            default -> throw new IllegalStateException("not a line-protocol precision: " + precision);
        };
    }
}
