package dev.firstpass.controller.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.firstpass.core.protocol.Command;
import dev.firstpass.core.protocol.InvalidRecordException;
import dev.firstpass.core.protocol.ProtocolJson;
import java.io.IOException;

/**
 * Reads and writes {@link Decision}s as JSON: snake-case fields, instants as ISO-8601 text, unknown
 * numbers left out, and the command exactly as it went on the wire.
 */
public final class DecisionJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule().addSerializer(Command.class, new CommandWriter())
                    .addDeserializer(Command.class, new CommandReader()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            // Later versions may add fields; an older controller can still rebuild its state from them.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private DecisionJson() {
    }

    public static String write(Decision decision) {
        try {
            return MAPPER.writeValueAsString(decision);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write decision " + decision.sequence(), e);
        }
    }

    public static byte[] writeBytes(Decision decision) {
        try {
            return MAPPER.writeValueAsBytes(decision);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write decision " + decision.sequence(), e);
        }
    }

    /**
     * Reads a decision.
     *
     * @throws IllegalArgumentException naming the problem when the JSON is not a decision of this schema
     */
    public static Decision parse(byte[] json) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed decision JSON: " + e.getMessage());
        }
        return fromTree(tree);
    }

    public static Decision parse(String json) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed decision JSON: " + e.getMessage());
        }
        return fromTree(tree);
    }

    private static Decision fromTree(JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("a decision must be a JSON object: " + tree);
        }
        JsonNode schema = tree.get("schema");
        if (schema == null || !schema.canConvertToInt() || schema.asInt() != Decision.SCHEMA) {
            throw new IllegalArgumentException("unsupported decision schema (supported: " + Decision.SCHEMA + "): "
                    + schema);
        }
        try {
            return MAPPER.treeToValue(tree, Decision.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(causeOf(e));
        }
    }

    // A record's own checks throw IllegalArgumentException; Jackson wraps it, and its message is the one
    // that names the field.
    private static String causeOf(JsonProcessingException e) {
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof IllegalArgumentException) {
                return cause.getMessage();
            }
        }
        return "invalid decision: " + e.getOriginalMessage();
    }

    /** The command as the protocol writes it, so the trail shows what the trainer received. */
    private static final class CommandWriter extends JsonSerializer<Command> {
        @Override
        public void serialize(Command command, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeRawValue(ProtocolJson.write(command));
        }
    }

    /** The command read by the protocol's own rules. */
    private static final class CommandReader extends JsonDeserializer<Command> {
        @Override
        public Command deserialize(JsonParser in, DeserializationContext context) throws IOException {
            JsonNode node = in.readValueAsTree();
            try {
                return ProtocolJson.parseCommand(node.toString());
            } catch (InvalidRecordException e) {
                throw new IllegalArgumentException("command: " + e.getMessage(), e);
            }
        }
    }
}
