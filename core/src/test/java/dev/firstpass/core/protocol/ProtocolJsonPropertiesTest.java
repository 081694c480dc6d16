package dev.firstpass.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firstpass.core.property.Gen;
import dev.firstpass.core.property.HostileInput;
import dev.firstpass.core.property.MessageGen;
import dev.firstpass.core.property.PropertyCheck;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Properties of reading every protocol message: valid messages read back equal, anything else is
 * rejected with reasons that name the field or the limit, and nothing takes long, whatever the bytes.
 */
class ProtocolJsonPropertiesTest {

    /** Every parser of the protocol, as a hostile producer could reach it. */
    static final List<Function<byte[], ? extends WireMessage>> PARSERS = List.of(
            ProtocolJson::parseEpochEvent, ProtocolJson::parseRunStarted, ProtocolJson::parseRunFinished,
            ProtocolJson::parseRunLifecycle, ProtocolJson::parseCommand, ProtocolJson::parseAck,
            ProtocolJson::parseFptStats);

    /**
     * How a reason begins: a whole-record problem, or the field it names (a path such as
     * "schedule.every", "survival[3]" or "metric 'loss'") followed by a rule.
     */
    static final Pattern REASON = Pattern.compile("(malformed JSON|unreadable JSON|a message must be a JSON object"
            + "|JSON beyond a limit|record must be at most|unsupported schema version"
            + "|[a-z_]+([.][a-z_]+|\\[\\d+])*( '.*')?( |$)).*", Pattern.DOTALL);
    /** A reason is short enough for a log line or a dead-letter header, however bad the record. */
    static final int MAX_REASON_CHARS = 1_000;

    private static final ObjectMapper TREES = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String RAW = "@@raw@@";
    private static final String TOO_MANY_METRICS =
            "{" + HostileInput.keys(InputLimits.MAX_METRICS + 1, "\"m%d\":1") + "}";

    @Test
    void validMessagesReadBackEqualFromTextAndFromBytes() {
        PropertyCheck.forAll(MessageGen.messages()).tries(400).check(message -> {
            Class<? extends WireMessage> type = message.getClass();
            assertThat(ProtocolJson.parse(ProtocolJson.write(message), type)).isEqualTo(message);
            assertThat(ProtocolJson.parse(ProtocolJson.writeBytes(message), type)).isEqualTo(message);
        });
    }

    @Test
    void anyBytesAreReadOrRejectedWithReasonsNamingTheProblem() {
        PropertyCheck.forAll(HostileInput.jsonBytes()).tries(1_000).eachWithin(Duration.ofSeconds(2)).check(bytes -> {
            for (Function<byte[], ? extends WireMessage> parser : PARSERS) {
                readOrRejected(parser, bytes);
            }
        });
    }

    @Test
    void aMessageWithOneFieldCorruptedIsRejectedWithAReasonNamingTheField() {
        PropertyCheck.forAll(corruptions()).tries(800).check(corruption -> {
            InvalidRecordException e = catchThrowableOfType(InvalidRecordException.class,
                    () -> corruption.parser().apply(corruption.json().getBytes(StandardCharsets.UTF_8)));
            assertThat(e).as("rejection of %s", corruption).isNotNull();
            assertWellFormed(e);
            assertThat(e.violations()).as("reasons for %s", corruption)
                    .anySatisfy(reason -> assertThat(reason).containsPattern(corruption.named()));
        });
    }

    @Test
    void adversarialJsonIsAnsweredWithinABound() {
        // Each try reads a record of up to a few MB twice, as bytes and as text; the bound is generous for
        // a shared machine and still far below the minutes a quadratic parse would take.
        PropertyCheck.forAll(HostileInput.adversarialJson()).tries(40).eachWithin(Duration.ofSeconds(10))
                .check(json -> {
                    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
                    readOrRejected(PARSERS.get(bytes.length % PARSERS.size()), bytes);
                    readOrRejected(text -> ProtocolJson.parse(new String(text, StandardCharsets.UTF_8),
                            EpochEvent.class), bytes);
                });
    }

    @Test
    void commandHeadersAreCheckedWithoutFailingWhateverTheirValues() {
        String[] names = {CloudEventHeaders.ID, CloudEventHeaders.TYPE, CloudEventHeaders.SOURCE, CloudEventHeaders.TIME,
            CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SUBJECT, CloudEventHeaders.CONTENT_TYPE, "x-other"};
        Gen<Command> commands = MessageGen.commands();
        Gen<String> values = Gen.anyText(0, 300);
        PropertyCheck.forAll(random -> {
            Command command = commands.next(random);
            Map<String, String> headers = new java.util.LinkedHashMap<>(CloudEventHeaders.forCommand(command,
                    "/firstpass/controller"));
            for (int edits = random.nextInt(4); edits > 0; edits--) {
                String name = names[random.nextInt(names.length)];
                if (random.nextBoolean()) {
                    headers.remove(name);
                } else {
                    headers.put(name, values.next(random));
                }
            }
            return Map.entry(command, headers);
        }).tries(1_000).check(pair -> {
            Map<String, String> sent = CloudEventHeaders.forCommand(pair.getKey(), "/firstpass/controller");
            List<String> problems = CloudEventHeaders.violations(pair.getValue(), pair.getKey());
            boolean unchanged = pair.getValue().entrySet().stream()
                    .filter(h -> !h.getKey().equals("x-other"))
                    .allMatch(h -> h.getValue().equals(sent.get(h.getKey())))
                    && pair.getValue().keySet().containsAll(sent.keySet());
            if (unchanged) {
                assertThat(problems).isEmpty();
            }
            assertThat(problems).allSatisfy(problem -> {
                assertThat(problem).matches(Pattern.compile("(ce_[a-z]+|content-type) .+", Pattern.DOTALL));
                assertThat(problem.length()).isLessThanOrEqualTo(MAX_REASON_CHARS);
            });
        });
    }

    /** Parses, and when the parser refuses, checks the refusal is an exact, bounded list of reasons. */
    static void readOrRejected(Function<byte[], ? extends WireMessage> parser, byte[] bytes) {
        try {
            assertThat(parser.apply(bytes)).isNotNull();
        } catch (InvalidRecordException e) {
            assertWellFormed(e);
        }
    }

    static void assertWellFormed(InvalidRecordException e) {
        assertThat(e.violations()).isNotEmpty();
        assertThat(e.getMessage()).isNotBlank();
        assertThat(e.getMessage().length())
                .isLessThanOrEqualTo((InputLimits.MAX_LISTED_PROBLEMS + 1) * (MAX_REASON_CHARS + 2));
        assertThat(e.violations()).allSatisfy(reason -> {
            assertThat(reason).matches(REASON);
            assertThat(reason.length()).isLessThanOrEqualTo(MAX_REASON_CHARS);
        });
    }

    // ---- corruptions: one field of a valid message made wrong in one way ----

    /**
     * A valid message with one field corrupted.
     *
     * @param json the corrupted message
     * @param parser the parser for its type
     * @param named what some reason must contain: the field, or the limit when the JSON breaks one
     * @param what the corruption, for a failure message
     */
    record Corruption(String json, Function<byte[], ? extends WireMessage> parser, String named, String what) {
        @Override
        public String toString() {
            return what + " in " + (json.length() <= 300 ? json : json.substring(0, 300) + "...");
        }
    }

    /** What kind of value a field holds, which decides how it can be wrong. */
    enum Kind { ID, OPTIONAL_ID, METRIC_NAME, INT, OPTIONAL_INT, LONG, INSTANT, CHOICE, METRICS, TEXTS, BOOLEAN,
        PARAMS, SCHEDULE, NUMBER, NUMBERS, PREDICTIONS, SCHEMA, TYPE, TEXT }

    /** A field of a message type: its name, kind, and for integers the least value allowed. */
    record Field(String name, Kind kind, long min) {
        static Field of(String name, Kind kind) {
            return new Field(name, kind, Long.MIN_VALUE);
        }
    }

    private static final Map<Class<? extends WireMessage>, List<Field>> FIELDS = Map.of(
            EpochEvent.class, List.of(Field.of("schema", Kind.SCHEMA), Field.of("experiment", Kind.ID),
                    Field.of("run_id", Kind.ID), Field.of("arm", Kind.OPTIONAL_ID), new Field("epoch", Kind.INT, 1),
                    new Field("segment", Kind.OPTIONAL_INT, 0), Field.of("time", Kind.INSTANT),
                    Field.of("metrics", Kind.METRICS), new Field("perturbations_applied", Kind.OPTIONAL_INT, 0),
                    Field.of("hyperparams", Kind.TEXTS)),
            RunStarted.class, List.of(Field.of("type", Kind.TYPE), Field.of("experiment", Kind.ID),
                    Field.of("run_id", Kind.ID), Field.of("arm", Kind.OPTIONAL_ID), Field.of("time", Kind.INSTANT),
                    Field.of("seed", Kind.LONG), new Field("max_epochs", Kind.INT, 1),
                    Field.of("controllable", Kind.BOOLEAN), Field.of("config", Kind.TEXTS)),
            RunFinished.class, List.of(Field.of("type", Kind.TYPE), Field.of("experiment", Kind.ID),
                    Field.of("run_id", Kind.ID), Field.of("time", Kind.INSTANT), Field.of("reason", Kind.CHOICE),
                    new Field("last_epoch", Kind.INT, 0)),
            Command.class, List.of(Field.of("command_id", Kind.ID), Field.of("experiment", Kind.ID),
                    Field.of("run_id", Kind.ID), Field.of("kind", Kind.CHOICE), Field.of("params", Kind.PARAMS),
                    Field.of("schedule", Kind.SCHEDULE), Field.of("issued_at", Kind.INSTANT),
                    Field.of("arm", Kind.OPTIONAL_ID)),
            Ack.class, List.of(Field.of("command_id", Kind.ID), Field.of("experiment", Kind.ID),
                    Field.of("run_id", Kind.ID), Field.of("status", Kind.CHOICE),
                    new Field("epoch", Kind.OPTIONAL_INT, 1), Field.of("reason", Kind.TEXT),
                    Field.of("time", Kind.INSTANT)),
            FptStats.class, List.of(Field.of("experiment", Kind.ID), Field.of("arm", Kind.ID),
                    Field.of("metric", Kind.METRIC_NAME), Field.of("target", Kind.NUMBER),
                    Field.of("direction", Kind.CHOICE), Field.of("runs", Kind.INT),
                    new Field("censored", Kind.INT, 0), Field.of("survival", Kind.NUMBERS),
                    Field.of("t_qss", Kind.OPTIONAL_INT), Field.of("hazard", Kind.NUMBER),
                    Field.of("recommend", Kind.BOOLEAN), Field.of("predictions", Kind.PREDICTIONS),
                    Field.of("reason", Kind.TEXT), Field.of("time", Kind.INSTANT)));

    private static final Map<Class<? extends WireMessage>, Function<byte[], ? extends WireMessage>> PARSER_OF =
            Map.of(EpochEvent.class, ProtocolJson::parseEpochEvent, RunStarted.class, ProtocolJson::parseRunLifecycle,
                    RunFinished.class, ProtocolJson::parseRunLifecycle, Command.class, ProtocolJson::parseCommand,
                    Ack.class, ProtocolJson::parseAck, FptStats.class, ProtocolJson::parseFptStats);

    static Gen<Corruption> corruptions() {
        Gen<WireMessage> messages = MessageGen.messages();
        return random -> {
            WireMessage message = messages.next(random);
            ObjectNode tree = tree(message);
            List<Field> fields = FIELDS.get(message.getClass());
            Field field = fields.get(random.nextInt(fields.size()));
            List<Wrong> ways = ways(field, tree, random);
            Wrong wrong = ways.get(random.nextInt(ways.size()));
            String json;
            if (wrong.raw() == null) {
                tree.remove(field.name());
                json = tree.toString();
            } else {
                String raw = wrong.raw().get();
                tree.put(field.name(), RAW);
                json = tree.toString().replace("\"" + RAW + "\"", raw);
            }
            // A message of a type field never names that field again: the type decides what else is read.
            String named = wrong.named() != null ? wrong.named() : Pattern.quote(field.name());
            return new Corruption(json, PARSER_OF.get(message.getClass()), named + "|^JSON beyond a limit",
                    field.name() + ": " + wrong.what());
        };
    }

    /**
     * One way a field can be wrong: its raw JSON (null removes the field), made only when chosen since
     * some are large, and what a reason must name when not the field.
     */
    record Wrong(String what, Supplier<String> raw, String named) {
        static Wrong removed() {
            return new Wrong("removed", null, null);
        }

        static Wrong value(String raw) {
            return value(raw, null);
        }

        static Wrong value(String raw, String named) {
            return new Wrong(raw.length() <= 40 ? raw : raw.substring(0, 40) + "...", () -> raw, named);
        }

        static Wrong made(String what, Supplier<String> raw, String named) {
            return new Wrong(what, raw, named);
        }
    }

    private static List<Wrong> ways(Field field, ObjectNode tree, Random random) {
        List<Wrong> ways = new ArrayList<>();
        int tooLongChars = (field.name().equals("command_id") ? InputLimits.MAX_COMMAND_ID_CHARS
                : InputLimits.MAX_ID_CHARS) + 1 + random.nextInt(3_000);
        Wrong tooLong = Wrong.made(tooLongChars + " characters", () -> "\"" + "r".repeat(tooLongChars) + "\"", null);
        switch (field.kind()) {
            case ID -> {
                ways.add(Wrong.removed());
                ways.add(Wrong.value("null"));
                addTypeErrors(ways, "7", "true", "{}", "[]");
                ways.add(Wrong.value("\"\""));
                ways.add(Wrong.value("\" \\t\""));
                ways.add(tooLong);
            }
            case OPTIONAL_ID -> {
                addTypeErrors(ways, "7", "false", "{}", "[\"a\"]");
                ways.add(Wrong.value("\"  \""));
                ways.add(tooLong);
            }
            case METRIC_NAME -> {
                ways.add(Wrong.removed());
                addTypeErrors(ways, "7", "{}");
                ways.add(Wrong.value("\"\""));
                ways.add(Wrong.value("\"" + "m".repeat(InputLimits.MAX_METRIC_NAME_CHARS + 1) + "\""));
            }
            case INT, OPTIONAL_INT -> {
                if (field.kind() == Kind.INT) {
                    ways.add(Wrong.removed());
                    ways.add(Wrong.value("null"));
                }
                addTypeErrors(ways, "\"7\"", "1.5", "true", "{}", "[]", "\"NaN\"", "2147483648", "-2147483649",
                        "1e999", "99999999999999999999", "9".repeat(300));
                if (field.min() > Integer.MIN_VALUE) {
                    ways.add(Wrong.value(Long.toString(field.min() - 1)));
                    ways.add(Wrong.value(Integer.toString(Integer.MIN_VALUE)));
                }
            }
            case LONG -> {
                ways.add(Wrong.removed());
                addTypeErrors(ways, "\"7\"", "1.5", "9223372036854775808", "-9223372036854775809", "{}");
            }
            case INSTANT -> {
                ways.add(Wrong.removed());
                addTypeErrors(ways, "7", "\"yesterday\"", "\"NaN\"", "\"2024-13-01T00:00:00Z\"",
                        "\"2024-05-01T12:00:00\"", "{}", "\"+1000000001-01-01T00:00:00Z\"");
            }
            case CHOICE -> {
                ways.add(Wrong.removed());
                addTypeErrors(ways, "\"bogus\"", "7", "\"APPLIED\"", "\"\"", "[]");
            }
            case METRICS -> {
                ways.add(Wrong.removed());
                ways.add(Wrong.value("{}"));
                addTypeErrors(ways, "[]", "\"loss\"", "7");
                String first = tree.get("metrics").fieldNames().next();
                for (String bad : List.of("\"high\"", "true", "null", "{}", "[1]", "\"nan\"", "\"Inf\"")) {
                    ways.add(Wrong.made("metric " + bad, () -> metricsWith(tree, first, bad), "metric '"));
                }
                ways.add(Wrong.made("a metric name too long", () -> metricsNamed(tree,
                        "n".repeat(InputLimits.MAX_METRIC_NAME_CHARS + 1)), "metrics names"));
                ways.add(Wrong.made("a blank metric name", () -> metricsNamed(tree, " "), "metrics names"));
                ways.add(Wrong.made("too many metrics", () -> TOO_MANY_METRICS, null));
            }
            case TEXTS -> {
                addTypeErrors(ways, "[]", "\"lr=0.1\"", "7");
                ways.add(Wrong.value("{\"lr\":{}}"));
                ways.add(Wrong.value("{\"lr\":[0.1]}"));
                ways.add(Wrong.value("{\"lr\":null}"));
            }
            case BOOLEAN -> addTypeErrors(ways, "\"yes\"", "1", "{}");
            case TEXT -> addTypeErrors(ways, "7", "{}", "[\"why\"]");
            case PARAMS -> {
                addTypeErrors(ways, "[]", "0.5", "\"shrink\"");
                String param = switch (tree.get("kind").textValue()) {
                    case "partial_reset" -> "fraction";
                    case "weight_noise" -> "sigma";
                    case "shrink_perturb" -> "shrink";
                    default -> null;
                };
                if (param != null) {
                    List<String> bad = new ArrayList<>(List.of("\"x\"", "null", "-1", "0", "\"NaN\"",
                            "\"Infinity\"", "{}", "1e999"));
                    if (!param.equals("sigma")) {
                        bad.add("2");
                    }
                    bad.forEach(raw -> ways.add(Wrong.value("{\"" + param + "\":" + raw + "}",
                            "parameter '" + param + "'")));
                }
                ways.add(Wrong.value("{\"shrnk\":0.5}", "parameter 'shrnk'"));
            }
            case SCHEDULE -> {
                ways.add(Wrong.removed());
                addTypeErrors(ways, "[]", "\"next_epoch\"", "{}", "{\"type\":\"sometimes\"}",
                        "{\"type\":\"periodic\"}", "{\"type\":\"periodic\",\"every\":0,\"from_epoch\":1}",
                        "{\"type\":\"periodic\",\"every\":3,\"from_epoch\":-1}",
                        "{\"type\":\"periodic\",\"every\":\"3\",\"from_epoch\":1}");
            }
            case NUMBER -> addTypeErrors(ways, "\"x\"", "true", "{}", "[1]", "\"nan\"");
            case NUMBERS -> {
                addTypeErrors(ways, "{}", "0.5");
                ways.add(Wrong.value("[\"x\"]", Pattern.quote("survival[0]")));
                ways.add(Wrong.value("[0.5,null]", Pattern.quote("survival[1]")));
            }
            case PREDICTIONS -> {
                addTypeErrors(ways, "{}", "7");
                ways.add(Wrong.value("[1]", Pattern.quote("predictions[0]")));
                ways.add(Wrong.value("[{\"tau\":\"x\"}]", Pattern.quote("predictions[0].tau")));
                ways.add(Wrong.value("[{}]", Pattern.quote("predictions[0].tau")));
            }
            case SCHEMA -> {
                ways.add(Wrong.removed());
                addTypeErrors(ways, "2", "0", "\"1\"", "1.5", "null", "-1");
            }
            case TYPE -> {
                ways.add(Wrong.removed());
                addTypeErrors(ways, "\"run_paused\"", "7", "\"RUN_STARTED\"");
            }
            default -> throw new IllegalStateException(field.toString());
        }
        return ways;
    }

    private static void addTypeErrors(List<Wrong> ways, String... raws) {
        for (String raw : raws) {
            ways.add(Wrong.value(raw));
        }
    }

    private static String metricsWith(ObjectNode tree, String name, String raw) {
        ObjectNode metrics = ((ObjectNode) tree.get("metrics")).deepCopy();
        metrics.put(name, RAW);
        return metrics.toString().replace("\"" + RAW + "\"", raw);
    }

    private static String metricsNamed(ObjectNode tree, String name) {
        ObjectNode metrics = ((ObjectNode) tree.get("metrics")).deepCopy();
        Iterator<String> names = metrics.fieldNames();
        String first = names.next();
        JsonNode value = metrics.remove(first);
        metrics.set(name, value);
        return metrics.toString();
    }

    private static ObjectNode tree(WireMessage message) {
        try {
            return (ObjectNode) TREES.readTree(ProtocolJson.write(message));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theReasonPatternRejectsReasonsThatNameNothing() {
        assertThat("run_id must be at most 256 characters: 300").matches(REASON);
        assertThat("metric 'loss' must be a number: \"x\"").matches(REASON);
        assertThat("survival[3] must be a number: \"x\"").matches(REASON);
        assertThatThrownBy(() -> assertThat("Something went wrong").matches(REASON)).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> assertThat("").matches(REASON)).isInstanceOf(AssertionError.class);
    }
}
