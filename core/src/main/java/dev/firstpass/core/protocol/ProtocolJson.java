package dev.firstpass.core.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads and writes protocol messages as JSON; the one place that knows the wire format.
 *
 * <p>Writing uses one shared Jackson mapper. Reading goes through a JSON tree and the records' own
 * checks rather than Jackson data binding, so that every problem of a message is reported at once,
 * in the protocol's words, as an {@link InvalidRecordException}; no Jackson exception escapes.
 * Unknown fields are ignored so that newer producers can add fields; an unknown schema version is not.
 * Reading holds every message to the {@link InputLimits}.
 */
public final class ProtocolJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(InputLimits.jsonReadConstraints())
                    .build())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // A repeated key or trailing garbage means the producer is broken; guessing which value
            // was meant would hide that.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final Map<Class<?>, Function<JsonFields, ? extends WireMessage>> DECODERS = Map.of(
            EpochEvent.class, EpochEvent::decode,
            RunStarted.class, in -> lifecycle(in, RunLifecycle.RUN_STARTED),
            RunFinished.class, in -> lifecycle(in, RunLifecycle.RUN_FINISHED),
            RunLifecycle.class, in -> lifecycle(in, null),
            Command.class, Command::decode,
            Ack.class, Ack::decode,
            FptStats.class, FptStats::decode,
            PlateauEvent.class, PlateauEvent::decode,
            Decision.class, Decision::decode);

    private ProtocolJson() {
    }

    /** The message as compact JSON, {@code schema} first. */
    public static String write(WireMessage message) {
        try {
            return MAPPER.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + message.getClass().getSimpleName(), e);
        }
    }

    /** The message as UTF-8 encoded JSON, e.g. for a Kafka record value. */
    public static byte[] writeBytes(WireMessage message) {
        try {
            return MAPPER.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + message.getClass().getSimpleName(), e);
        }
    }

    /**
     * Reads a message of the given type: one of the message records, or {@link RunLifecycle} for
     * either lifecycle message.
     *
     * @throws InvalidRecordException listing every problem when the JSON is not a valid message
     */
    public static <T extends WireMessage> T parse(String json, Class<T> type) {
        if (json != null) {
            InputLimits.requireRecordSize(json);
        }
        return decode(json == null ? null : () -> MAPPER.readTree(json), type);
    }

    /** As {@link #parse(String, Class)}, from UTF-8 (or UTF-16/32) bytes. */
    public static <T extends WireMessage> T parse(byte[] json, Class<T> type) {
        if (json != null) {
            InputLimits.requireRecordSize(json);
        }
        return decode(json == null ? null : () -> MAPPER.readTree(json), type);
    }

    public static EpochEvent parseEpochEvent(String json) {
        return parse(json, EpochEvent.class);
    }

    public static EpochEvent parseEpochEvent(byte[] json) {
        return parse(json, EpochEvent.class);
    }

    public static RunStarted parseRunStarted(String json) {
        return parse(json, RunStarted.class);
    }

    public static RunStarted parseRunStarted(byte[] json) {
        return parse(json, RunStarted.class);
    }

    public static RunFinished parseRunFinished(String json) {
        return parse(json, RunFinished.class);
    }

    public static RunFinished parseRunFinished(byte[] json) {
        return parse(json, RunFinished.class);
    }

    /** Either lifecycle message, chosen by its {@code type}. */
    public static RunLifecycle parseRunLifecycle(String json) {
        return parse(json, RunLifecycle.class);
    }

    public static RunLifecycle parseRunLifecycle(byte[] json) {
        return parse(json, RunLifecycle.class);
    }

    public static Command parseCommand(String json) {
        return parse(json, Command.class);
    }

    public static Command parseCommand(byte[] json) {
        return parse(json, Command.class);
    }

    public static Ack parseAck(String json) {
        return parse(json, Ack.class);
    }

    public static Ack parseAck(byte[] json) {
        return parse(json, Ack.class);
    }

    public static FptStats parseFptStats(String json) {
        return parse(json, FptStats.class);
    }

    public static FptStats parseFptStats(byte[] json) {
        return parse(json, FptStats.class);
    }

    public static PlateauEvent parsePlateauEvent(String json) {
        return parse(json, PlateauEvent.class);
    }

    public static PlateauEvent parsePlateauEvent(byte[] json) {
        return parse(json, PlateauEvent.class);
    }

    public static Decision parseDecision(String json) {
        return parse(json, Decision.class);
    }

    public static Decision parseDecision(byte[] json) {
        return parse(json, Decision.class);
    }

    private interface TreeReader {
        JsonNode read() throws IOException;
    }

    private static <T extends WireMessage> T decode(TreeReader reader, Class<T> type) {
        Function<JsonFields, ? extends WireMessage> decoder = DECODERS.get(type);
        if (decoder == null) {
            throw new IllegalArgumentException("not a message type that can be parsed: " + type.getName());
        }
        JsonFields in = JsonFields.of(readObject(reader));
        requireSupportedSchema(in);
        return type.cast(decoder.apply(in));
    }

    private static JsonNode readObject(TreeReader reader) {
        JsonNode root;
        try {
            root = reader == null ? null : reader.read();
        } catch (StreamConstraintsException e) {
            throw invalid(InputLimits.reason(e));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + " column " + at.getColumnNr();
            throw invalid("malformed JSON" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw invalid("unreadable JSON: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw invalid("malformed JSON: no content");
        }
        if (!root.isObject()) {
            throw invalid("a message must be a JSON object: " + Violations.show(root));
        }
        return root;
    }

    // Checked first and alone: the rest of a message of an unknown version cannot be judged by this
    // version's rules.
    private static void requireSupportedSchema(JsonFields in) {
        Integer schema = in.integer("schema");
        if (schema == null) {
            in.violations().require("schema", null);
        } else if (!SchemaVersion.isSupported(schema)) {
            throw invalid(SchemaVersion.unsupported(schema));
        }
        in.violations().throwIfAny();
    }

    private static RunLifecycle lifecycle(JsonFields in, String expectedType) {
        String type = in.text("type");
        if (type != null && expectedType != null && !type.equals(expectedType)) {
            in.violations().add("type", "type must be " + expectedType + ": " + Violations.show(type));
        }
        String actual = expectedType != null ? expectedType : type;
        if (RunLifecycle.RUN_STARTED.equals(actual)) {
            return RunStarted.decode(in);
        }
        if (RunLifecycle.RUN_FINISHED.equals(actual)) {
            return RunFinished.decode(in);
        }
        in.violations().add("type", type == null
                ? "type is required (run_started or run_finished)"
                : "type must be run_started or run_finished: " + Violations.show(type));
        throw in.violations().exception();
    }

    private static InvalidRecordException invalid(String violation) {
        return new InvalidRecordException(List.of(violation));
    }
}
