package dev.firstpass.monitor.adapter;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.RunFinished;
import dev.firstpass.core.protocol.WireMessage;
import dev.firstpass.core.protocol.InputLimits;
import dev.firstpass.core.protocol.JsonNumbers;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a team's own JSON records through a {@link JsonFieldMapping}: one record, one epoch event, and a
 * kick or a run end when the record says so. A record that says its run was kicked or ended needs no
 * metrics.
 */
final class JsonMappingAdapter implements EpochEventAdapter {

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(InputLimits.jsonReadConstraints())
                    .build())
            // A repeated key means the producer is broken; picking one of the values would hide that.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // Python's json module writes NaN and Infinity bare; a diverged run must still be seen.
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private static final BigInteger MAX_EPOCH = BigInteger.valueOf(Integer.MAX_VALUE);

    private final JsonFieldMapping mapping;
    private final Map<ValueSource, JsonPath> lookups = new LinkedHashMap<>();
    private final JsonPath epochPath;
    private final JsonPath timePath;
    private final Map<String, JsonPath> metricPaths = new LinkedHashMap<>();
    private final JsonPath metricsUnder;
    private final JsonPath kickPath;
    private final JsonPath endPath;

    JsonMappingAdapter(JsonFieldMapping mapping) {
        this.mapping = mapping;
        for (ValueSource source : new ValueSource[] {mapping.runId(), mapping.experiment(), mapping.arm()}) {
            if (source != null && source.kind() == ValueSource.Kind.LOOKUP) {
                lookups.put(source, JsonPath.parse(source.name()));
            }
        }
        this.epochPath = JsonPath.parse(mapping.epochPath());
        this.timePath = mapping.timePath() == null ? null : JsonPath.parse(mapping.timePath());
        mapping.metricPaths().forEach((name, path) -> metricPaths.put(name, JsonPath.parse(path)));
        this.metricsUnder = mapping.metricsUnder() == null ? null : JsonPath.parse(mapping.metricsUnder());
        this.kickPath = mapping.kickPath() == null ? null : JsonPath.parse(mapping.kickPath());
        this.endPath = mapping.endPath() == null ? null : JsonPath.parse(mapping.endPath());
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
        JsonNode root = readObject(value);
        Rejections rejections = new Rejections();
        String runId = text(mapping.runId(), "run_id", root, key, rejections);
        String experiment = text(mapping.experiment(), "experiment", root, key, rejections);
        String arm = mapping.arm() == null ? null : text(mapping.arm(), "arm", root, key, rejections);
        int epoch = epoch(root, rejections);
        Instant time = time(root, recordTime, rejections);
        boolean kicked = kicked(root, rejections);
        RunFinished.Reason end = end(root, rejections);
        Map<String, Double> metrics = metrics(root, rejections, kicked || end != null);
        rejections.throwIfAny();
        // The protocol's own checks (an id with a control character, say) reject the record as they would a
        // native one.
        List<WireMessage> messages = new ArrayList<>();
        if (!metrics.isEmpty()) {
            messages.add(new EpochEvent(experiment, runId, arm, epoch, 0, time, metrics, 0, Map.of()));
        }
        if (kicked) {
            messages.add(RunMarkers.kick(experiment, runId, epoch, time));
        }
        if (end != null) {
            messages.add(RunMarkers.end(experiment, runId, epoch, time, end));
        }
        return messages;
    }

    /** Whether the record says its run was kicked after its epoch; false when no kick path is mapped. */
    private boolean kicked(JsonNode root, Rejections rejections) {
        if (kickPath == null) {
            return false;
        }
        JsonPath.Found found = kickPath.find(root);
        if (found.isMissing()) {
            return false;
        }
        if (!found.value().isBoolean()) {
            rejections.add(subject(kickPath.text(), "kick") + " must be true or false: " + show(found.value()));
            return false;
        }
        return found.value().booleanValue();
    }

    /** How the record says its run ended, or null when it goes on (or no end path is mapped). */
    private RunFinished.Reason end(JsonNode root, Rejections rejections) {
        if (endPath == null) {
            return null;
        }
        JsonPath.Found found = endPath.find(root);
        if (found.isMissing() || (found.value().isBoolean() && !found.value().booleanValue())) {
            return null;
        }
        JsonNode value = found.value();
        Object plain = value.isBoolean() ? (Object) value.booleanValue() : value.isTextual() ? value.textValue() : null;
        RunFinished.Reason reason = RunMarkers.reason(plain).orElse(null);
        if (reason == null) {
            rejections.add(subject(endPath.text(), "end") + " must be " + RunMarkers.END_RULE + ": " + show(value));
        }
        return reason;
    }

    private static JsonNode readObject(byte[] value) {
        JsonNode root;
        try (JsonParser parser = MAPPER.createParser(value)) {
            root = MAPPER.readTree(parser);
            // Checked here rather than by Jackson so the reason reads the same as every other one.
            if (root != null && parser.nextToken() != null) {
                throw Rejections.single("malformed JSON" + where(parser.currentTokenLocation())
                        + ": content after the end of the JSON value");
            }
        } catch (StreamConstraintsException e) {
            throw Rejections.single(InputLimits.reason(e));
        } catch (JsonProcessingException e) {
            throw Rejections.single("malformed JSON" + where(e.getLocation()) + ": "
                    + withoutSource(e.getOriginalMessage()));
        } catch (IOException e) {
            throw Rejections.single("unreadable JSON: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw Rejections.single("malformed JSON: no content");
        }
        if (!root.isObject()) {
            throw Rejections.single("record value must be a JSON object: " + show(root));
        }
        return root;
    }

    /** Run id, experiment or arm; an absent arm is no arm, any other absent value a rejection. */
    private String text(ValueSource source, String role, JsonNode root, byte[] key, Rejections rejections) {
        switch (source.kind()) {
            case CONSTANT:
                return source.name();
            case RECORD_KEY:
                return RecordKey.text(key, role, rejections);
            default:
                break;
        }
        String subject = subject(source.name(), role);
        JsonPath.Found found = lookups.get(source).find(root);
        if (found.isMissing()) {
            if (!role.equals("arm")) {
                rejections.add(missing(subject, found));
            }
            return null;
        }
        JsonNode value = found.value();
        if (value.isTextual()) {
            if (value.textValue().isBlank()) {
                rejections.add(subject + " must not be blank: " + show(value));
                return null;
            }
            return value.textValue();
        }
        // Numeric job ids are common in schedulers' records; their decimal text is the run id.
        if (value.isIntegralNumber()) {
            return value.asText();
        }
        rejections.add(subject + " must be a string or an integer: " + show(value));
        return null;
    }

    private int epoch(JsonNode root, Rejections rejections) {
        String subject = subject(epochPath.text(), "epoch");
        JsonPath.Found found = epochPath.find(root);
        if (found.isMissing()) {
            rejections.add(missing(subject, found));
            return 0;
        }
        JsonNode value = found.value();
        BigInteger whole = wholeNumber(value);
        if (whole == null) {
            rejections.add(subject + " must be an integer: " + show(value));
            return 0;
        }
        if (whole.signum() < 1) {
            rejections.add(subject + " must be at least 1: " + show(value));
            return 0;
        }
        if (whole.compareTo(MAX_EPOCH) > 0) {
            rejections.add(subject + " must be at most " + Integer.MAX_VALUE + ": " + show(value));
            return 0;
        }
        return whole.intValue();
    }

    private Instant time(JsonNode root, Instant recordTime, Rejections rejections) {
        if (timePath == null) {
            if (recordTime == null) {
                rejections.add("time is missing: the record has no timestamp and no time field is mapped");
            }
            return recordTime;
        }
        String subject = subject(timePath.text(), "time");
        JsonPath.Found found = timePath.find(root);
        if (found.isMissing()) {
            rejections.add(missing(subject, found));
            return null;
        }
        JsonNode value = found.value();
        Instant time = value.isTextual() ? isoInstant(value.textValue()) : epochMillis(value);
        if (time == null) {
            rejections.add(subject + " must be an ISO-8601 instant or epoch milliseconds: " + show(value));
        }
        return time;
    }

    // A record that reports a kick or a run end may carry no metrics: then none missing is a problem.
    private Map<String, Double> metrics(JsonNode root, Rejections rejections, boolean optional) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        boolean unreadable = false;
        for (Map.Entry<String, JsonPath> named : metricPaths.entrySet()) {
            String subject = subject(named.getValue().text(), "metric '" + named.getKey() + "'");
            JsonPath.Found found = named.getValue().find(root);
            Double number = found.isMissing() ? null : JsonNumbers.decode(found.value());
            if (found.isMissing()) {
                if (!optional) {
                    rejections.add(missing(subject, found));
                    unreadable = true;
                }
            } else if (number == null) {
                rejections.add(subject + " must be a number: " + show(found.value()));
                unreadable = true;
            } else {
                metrics.put(named.getKey(), number);
            }
        }
        if (metricsUnder != null && !(optional && metricsUnder.find(root).isMissing())) {
            unreadable |= !addNumbersUnder(root, metrics, rejections);
        }
        if (metrics.isEmpty() && !unreadable && !optional) {
            rejections.add("no metrics: field '" + metricsUnder.text() + "' holds no numeric field");
        }
        return metrics;
    }

    // False when the root itself could not be read.
    private boolean addNumbersUnder(JsonNode root, Map<String, Double> metrics, Rejections rejections) {
        String subject = subject(metricsUnder.text(), "metrics");
        JsonPath.Found found = metricsUnder.find(root);
        if (found.isMissing()) {
            rejections.add(missing(subject, found));
            return false;
        }
        if (!found.value().isObject()) {
            rejections.add(subject + " must be an object: " + show(found.value()));
            return false;
        }
        addNumbers(found.value(), "", metrics, rejections);
        return true;
    }

    private void addNumbers(JsonNode object, String prefix, Map<String, Double> metrics, Rejections rejections) {
        object.properties().forEach(entry -> {
            String name = prefix + entry.getKey();
            JsonNode value = entry.getValue();
            Double number = JsonNumbers.decode(value);
            if (number != null) {
                if (metricPaths.containsKey(name)) {
                    return;
                }
                if (metrics.containsKey(name)) {
                    rejections.add("metric '" + Rejections.cut(name) + "' appears twice under '" + metricsUnder.text()
                            + "'");
                } else {
                    metrics.put(name, number);
                }
            } else if (value.isObject()) {
                addNumbers(value, name + ".", metrics, rejections);
            }
        });
    }

    // An integer, or a float with no fractional part (3.0): trainers written in Python often log the
    // epoch as a float.
    private static BigInteger wholeNumber(JsonNode value) {
        if (value.isIntegralNumber()) {
            return value.bigIntegerValue();
        }
        if (value.isFloatingPointNumber()) {
            double d = value.doubleValue();
            if (Double.isFinite(d) && d == Math.rint(d)) {
                return new BigDecimal(d).toBigInteger();
            }
        }
        return null;
    }

    private static Instant epochMillis(JsonNode value) {
        BigInteger millis = wholeNumber(value);
        if (millis == null || millis.bitLength() > 63) {
            return null;
        }
        return Instant.ofEpochMilli(millis.longValue());
    }

    private static Instant isoInstant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notUtc) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException notIso) {
                return null;
            }
        }
    }

    // Jackson repeats a location inside some messages ("start marker at [Source: ...]"); the reason
    // already gives line and column, and the rest is noise in a dead-letter header.
    private static String withoutSource(String message) {
        int marker = message.indexOf(" (start marker at ");
        return marker < 0 ? message : message.substring(0, marker);
    }

    private static String where(JsonLocation at) {
        return at == null ? "" : " at line " + at.getLineNr() + " column " + at.getColumnNr();
    }

    private static String subject(String path, String role) {
        return "field '" + path + "' (" + role + ")";
    }

    private static String missing(String subject, JsonPath.Found found) {
        return subject + " is missing" + (found.whyMissing() == null ? "" : ": " + found.whyMissing());
    }

    private static String show(JsonNode value) {
        return Rejections.cut(value.toString());
    }
}
