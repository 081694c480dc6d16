package dev.firstpass.monitor.adapter;

import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.InputLimits;
import dev.firstpass.core.protocol.InvalidRecordException;
import dev.firstpass.core.protocol.RunFinished;
import dev.firstpass.core.protocol.WireMessage;
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
 * Reads InfluxDB line protocol, as Telegraf and many agents write it to Kafka: one event per point, and a
 * kick or a run end where a point's mapped field says so. A point that says its run was kicked or ended
 * needs no metrics.
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
        return messages(key, value, recordTime).stream().filter(EpochEvent.class::isInstance)
                .map(EpochEvent.class::cast).toList();
    }

    @Override
    public List<WireMessage> messages(byte[] key, byte[] value, Instant recordTime) {
        if (value == null) {
            return List.of();
        }
        InputLimits.requireRecordSize(value);
        String text = RecordKey.decodeUtf8(value);
        if (text == null) {
            throw Rejections.single("record value is not UTF-8 text");
        }
        List<WireMessage> events = new ArrayList<>();
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
                List<WireMessage> messages = messages(parsed.point(), key, recordTime, problems);
                problems.reasons().forEach(reason -> rejections.add(where + reason));
                events.addAll(messages);
            }
        }
        rejections.throwIfAny();
        return List.copyOf(events);
    }

    private boolean wanted(String measurement) {
        return mapping.measurements().isEmpty() || mapping.measurements().contains(measurement);
    }

    private List<WireMessage> messages(LinePoint point, byte[] key, Instant recordTime, Rejections problems) {
        String runId = text(mapping.runId(), "run_id", point, key, problems);
        String experiment = text(mapping.experiment(), "experiment", point, key, problems);
        String arm = mapping.arm() == null ? null : text(mapping.arm(), "arm", point, key, problems);
        int epoch = epoch(point, problems);
        Instant time = time(point, recordTime, problems);
        boolean kicked = kicked(point, problems);
        RunFinished.Reason end = end(point, problems);
        Map<String, Double> metrics = metrics(point, problems, kicked || end != null);
        if (!problems.isEmpty()) {
            return List.of();
        }
        List<WireMessage> messages = new ArrayList<>();
        try {
            if (!metrics.isEmpty()) {
                messages.add(new EpochEvent(experiment, runId, arm, epoch, 0, time, metrics, 0, Map.of()));
            }
            if (kicked) {
                messages.add(RunMarkers.kick(experiment, runId, epoch, time));
            }
            if (end != null) {
                messages.add(RunMarkers.end(experiment, runId, epoch, time, end));
            }
        } catch (InvalidRecordException e) {
            problems.addAll(e.violations());
            return List.of();
        }
        return messages;
    }

    private boolean kicked(LinePoint point, Rejections problems) {
        LineField field = mapping.kickField() == null ? null : point.fields().get(mapping.kickField());
        if (field == null) {
            return false;
        }
        if (!(field.value() instanceof Boolean kicked)) {
            problems.add("field '" + mapping.kickField() + "' (kick) must be true or false: "
                    + Rejections.cut(field.written()));
            return false;
        }
        return kicked;
    }

    private RunFinished.Reason end(LinePoint point, Rejections problems) {
        LineField field = mapping.endField() == null ? null : point.fields().get(mapping.endField());
        if (field == null || Boolean.FALSE.equals(field.value())) {
            return null;
        }
        RunFinished.Reason reason = RunMarkers.reason(field.value()).orElse(null);
        if (reason == null) {
            problems.add("field '" + mapping.endField() + "' (end) must be " + RunMarkers.END_RULE + ": "
                    + Rejections.cut(field.written()));
        }
        return reason;
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

    // A point that reports a kick or a run end may carry no metrics.
    private Map<String, Double> metrics(LinePoint point, Rejections problems, boolean optional) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (mapping.metricFields().isEmpty()) {
            point.fields().forEach((name, field) -> {
                if (field.isNumber() && !name.equals(mapping.epochField()) && !name.equals(mapping.kickField())
                        && !name.equals(mapping.endField())) {
                    metrics.put(name, field.number());
                }
            });
            if (metrics.isEmpty() && !optional) {
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
        if (metrics.isEmpty() && !unreadable && !optional) {
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
