package dev.firstpass.core.property;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.WireMessage;
import java.util.Random;

/**
 * Generators of what a hostile or broken producer sends: noise, near-misses of valid messages, and
 * inputs made to cost a parser time or memory.
 */
public final class HostileInput {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Gen<Double> DOUBLES = Gen.doubles();
    private static final String JSON_TYPOS = "{}[]\":,.-+0123456789eE nNaI\\u\u00e9";

    private HostileInput() {
    }

    /** Bytes of every shape: noise, nasty text, JSON-like text, random JSON trees, valid messages with typos. */
    public static Gen<byte[]> jsonBytes() {
        String jsonAlphabet = "{}[]\":,.-+0123456789eE truefalsnNIy\\u";
        Gen<String> fieldNames = Gen.oneOf("schema", "type", "experiment", "run_id", "arm", "epoch", "segment",
                "time", "metrics", "perturbations_applied", "hyperparams", "seed", "max_epochs", "controllable",
                "config", "reason", "last_epoch", "command_id", "kind", "params", "schedule", "every",
                "from_epoch", "issued_at", "status", "metric", "target", "direction", "runs", "censored",
                "survival", "predictions", "tau", "shrink", "fraction", "sigma", "loss");
        Gen<WireMessage> messages = MessageGen.messages();
        return Gen.anyOf(
                Gen.bytes(0, 200),
                Gen.utf8(Gen.anyText(0, 200)),
                Gen.utf8(Gen.text(jsonAlphabet, 0, 200)),
                Gen.utf8(random -> jsonTree(random, fieldNames, 4).toString()),
                Gen.utf8(random -> typos(random, ProtocolJson.write(messages.next(random)), JSON_TYPOS)));
    }

    /** JSON made to stress a parser: deep, long, many, huge, unterminated. */
    public static Gen<String> adversarialJson() {
        return random -> {
            int n = 1 + random.nextInt(200_000);
            String valid = "{\"schema\":1,\"experiment\":\"e\",\"run_id\":\"r\",\"epoch\":1,"
                    + "\"time\":\"2024-05-01T12:00:00Z\",\"metrics\":{\"loss\":";
            return switch (random.nextInt(14)) {
                case 0 -> "[".repeat(n);
                case 1 -> "{\"a\":".repeat(n) + "1" + "}".repeat(n);
                case 2 -> valid + "1e" + "9".repeat(1 + random.nextInt(8)) + "}}";
                case 3 -> valid + "9".repeat(n) + "}}";
                case 4 -> valid + "0." + "1".repeat(n) + "}}";
                case 5 -> valid + "\"" + "x".repeat(n * (1 + random.nextInt(50))) + "\"}}";
                case 6 -> valid + "1}, \"hyperparams\": {" + keys(n, "\"k%d\":\"v\"") + "}}";
                case 7 -> valid + "1," + keys(n, "\"m%d\":1") + "}}";
                case 8 -> valid + "\"" + "\\u00e9".repeat(n);
                case 9 -> valid + "\"" + "\\".repeat(n) + "\"}}";
                case 10 -> "{\"schema\":1," + "\"run_id\":\"r\",".repeat(Math.min(n, 50_000)) + "}";
                case 11 -> "{\"schema\":1,\"run_id\":\"" + "\\ud800".repeat(n) + "\"}";
                case 12 -> valid + "1}}" + " ".repeat(n) + "x";
                default -> "{\"" + "k".repeat(n) + "\":1}";
            };
        };
    }

    /** {@code n} comma-separated JSON members made by {@code format} from 0, 1, ... */
    public static String keys(int n, String format) {
        StringBuilder keys = new StringBuilder();
        for (int i = 0; i < n; i++) {
            keys.append(i == 0 ? "" : ",").append(String.format(format, i));
        }
        return keys.toString();
    }

    private static JsonNode jsonTree(Random random, Gen<String> fieldNames, int depth) {
        return switch (depth <= 0 ? random.nextInt(6) : random.nextInt(8)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextInt(5) - 1);
            case 3 -> NODES.numberNode(DOUBLES.next(random));
            case 4 -> NODES.textNode(Gen.oneOf("NaN", "Infinity", "2024-05-01T12:00:00Z", "next_epoch", "periodic",
                    "applied", "run_started", "max", "x", "").next(random));
            case 5 -> NODES.numberNode(random.nextLong());
            case 6 -> {
                var array = NODES.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(jsonTree(random, fieldNames, depth - 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                if (random.nextBoolean()) {
                    object.put("schema", 1);
                }
                for (int i = random.nextInt(8); i > 0; i--) {
                    object.set(fieldNames.next(random), jsonTree(random, fieldNames, depth - 1));
                }
                yield object;
            }
        };
    }

    /** {@code text} with one to three characters deleted, inserted or replaced from {@code alphabet}. */
    public static String typos(Random random, String text, String alphabet) {
        StringBuilder edited = new StringBuilder(text);
        for (int edits = 1 + random.nextInt(3); edits > 0 && edited.length() > 0; edits--) {
            int at = random.nextInt(edited.length());
            switch (random.nextInt(3)) {
                case 0 -> edited.deleteCharAt(at);
                case 1 -> edited.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                default -> edited.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
            }
        }
        return edited.toString();
    }

}
