package dev.firstpass.core.property;

import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.Command;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.core.protocol.InputLimits;
import dev.firstpass.core.protocol.PerturbationKind;
import dev.firstpass.core.protocol.RunFinished;
import dev.firstpass.core.protocol.RunStarted;
import dev.firstpass.core.protocol.Schedule;
import dev.firstpass.core.protocol.WireMessage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generators of valid protocol messages, reaching to every limit: ids of up to 256 characters of any
 * script, up to {@value InputLimits#MAX_METRICS} metrics, non-finite values, instants at the ends of time.
 */
public final class MessageGen {

    /** Characters of real-world ids and names, with the ones that stress escaping. */
    public static final String NAME_ALPHABET =
            Gen.PLAIN + Gen.PLAIN + "\"\\'{}[]:,=# /\t\u00e9\u00fc\u4e2d\ud83d\ude00\u2028";

    /** The same without the tab: ids hold no control characters. */
    public static final String ID_ALPHABET = NAME_ALPHABET.replace("\t", "");

    private MessageGen() {
    }

    /** A run id, experiment, arm or command id: 1 to 256 characters, never blank, no control characters. */
    public static Gen<String> ids() {
        return nonBlank(Gen.text(ID_ALPHABET, 1, InputLimits.MAX_ID_CHARS));
    }

    /** A metric name: 1 to 128 characters, never blank. */
    public static Gen<String> metricNames() {
        return nonBlank(Gen.text(NAME_ALPHABET, 1, InputLimits.MAX_METRIC_NAME_CHARS));
    }

    /** Any instant from {@link Instant#MIN} to {@link Instant#MAX}, mostly recent ones. */
    public static Gen<Instant> instants() {
        Gen<Instant> edge = Gen.oneOf(Instant.MIN, Instant.MAX, Instant.EPOCH, Instant.ofEpochSecond(-1, 999_999_999),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("0000-01-01T00:00:00Z"));
        return random -> switch (random.nextInt(5)) {
            case 0 -> edge.next(random);
            case 1 -> Instant.ofEpochSecond(Instant.MIN.getEpochSecond() + (long) (random.nextDouble()
                    * (Instant.MAX.getEpochSecond() - (double) Instant.MIN.getEpochSecond())),
                    random.nextInt(1_000_000_000));
            default -> Instant.ofEpochSecond(1_700_000_000L + random.nextInt(100_000_000),
                    random.nextInt(1_000_000_000));
        };
    }

    /** Metric values by name: usually a few, now and then the most an event may carry. */
    public static Gen<Map<String, Double>> metrics() {
        Gen<String> names = metricNames();
        Gen<Double> values = Gen.doubles();
        return random -> {
            int n = switch (random.nextInt(10)) {
                case 0 -> InputLimits.MAX_METRICS;
                case 1 -> 1 + random.nextInt(InputLimits.MAX_METRICS);
                default -> 1 + random.nextInt(8);
            };
            Map<String, Double> metrics = new LinkedHashMap<>();
            while (metrics.size() < n) {
                metrics.put(names.next(random), values.next(random));
            }
            return metrics;
        };
    }

    /** Hyperparameters or configuration as text, sometimes none. */
    public static Gen<Map<String, String>> texts() {
        Gen<String> names = metricNames();
        Gen<String> values = Gen.text(NAME_ALPHABET, 0, 40);
        return random -> {
            Map<String, String> texts = new LinkedHashMap<>();
            for (int i = random.nextInt(5); i > 0; i--) {
                texts.put(names.next(random), values.next(random));
            }
            return texts;
        };
    }

    public static Gen<EpochEvent> epochEvents() {
        Gen<String> ids = ids();
        Gen<Instant> instants = instants();
        Gen<Map<String, Double>> metrics = metrics();
        Gen<Map<String, String>> texts = texts();
        return random -> new EpochEvent(ids.next(random), ids.next(random), optional(random, ids),
                count(random, 1), count(random, 0), instants.next(random), metrics.next(random), count(random, 0),
                texts.next(random));
    }

    public static Gen<RunStarted> runsStarted() {
        Gen<String> ids = ids();
        Gen<Instant> instants = instants();
        Gen<Map<String, String>> texts = texts();
        return random -> new RunStarted(ids.next(random), ids.next(random), optional(random, ids),
                instants.next(random), random.nextLong(), count(random, 1), random.nextBoolean(), texts.next(random));
    }

    public static Gen<RunFinished> runsFinished() {
        Gen<String> ids = ids();
        Gen<Instant> instants = instants();
        return random -> new RunFinished(ids.next(random), ids.next(random), instants.next(random),
                RunFinished.Reason.values()[random.nextInt(RunFinished.Reason.values().length)], count(random, 0));
    }

    public static Gen<Command> commands() {
        Gen<String> ids = ids();
        Gen<Instant> instants = instants();
        return random -> {
            PerturbationKind kind = PerturbationKind.values()[random.nextInt(PerturbationKind.values().length)];
            Map<String, Double> params = new LinkedHashMap<>();
            for (String name : kind.parameterNames()) {
                boolean required = !kind.defaults().containsKey(name);
                if (required || random.nextBoolean()) {
                    params.put(name, name.equals("perturb") ? random.nextDouble() * 10 : 1 - random.nextDouble());
                }
            }
            Schedule schedule = switch (random.nextInt(3)) {
                case 0 -> Schedule.nextEpoch();
                case 1 -> Schedule.stop();
                default -> Schedule.every(count(random, 1)).fromEpoch(count(random, 1));
            };
            return new Command(ids.next(random), ids.next(random), ids.next(random), kind, params, schedule,
                    instants.next(random), optional(random, ids));
        };
    }

    public static Gen<Ack> acks() {
        Gen<Command> commands = commands();
        Gen<Instant> instants = instants();
        Gen<String> reasons = nonBlank(Gen.text(NAME_ALPHABET, 1, 200));
        return random -> {
            Command command = commands.next(random);
            return random.nextBoolean()
                    ? Ack.applied(command, count(random, 1), instants.next(random))
                    : Ack.refused(command, reasons.next(random), instants.next(random));
        };
    }

    public static Gen<FptStats> fptStats() {
        Gen<String> ids = ids();
        Gen<String> names = metricNames();
        Gen<Instant> instants = instants();
        Gen<Double> doubles = Gen.doubles();
        Gen<List<Double>> survival = Gen.lists(doubles, 0, 50);
        return random -> {
            int runs = count(random, 0);
            int censored = random.nextInt(runs == Integer.MAX_VALUE ? runs : runs + 1);
            List<FptStats.Prediction> predictions = Gen.lists(r -> new FptStats.Prediction(count(r, 1),
                    optional(r, doubles), optional(r, doubles), optional(r, doubles), r.nextBoolean()), 0, 5)
                    .next(random);
            return new FptStats(ids.next(random), ids.next(random), names.next(random), doubles.next(random),
                    random.nextBoolean() ? FptStats.MAX : FptStats.MIN, runs, censored, survival.next(random),
                    optionalCount(random), optional(random, doubles), optional(random, doubles), random.nextBoolean(),
                    random.nextBoolean(), optional(random, doubles), optionalCount(random), optionalCount(random),
                    predictions, optionalCount(random), optionalCount(random), optionalCount(random),
                    random.nextBoolean(), random.nextBoolean() ? null : Gen.text(NAME_ALPHABET, 0, 60).next(random),
                    instants.next(random));
        };
    }

    /** Any valid message of any type. */
    public static Gen<WireMessage> messages() {
        return Gen.anyOf(epochEvents(), runsStarted(), runsFinished(), commands(), acks(), fptStats());
    }

    // Counts near the bounds break more code than counts in the middle.
    private static int count(Random random, int min) {
        return switch (random.nextInt(6)) {
            case 0 -> min;
            case 1 -> Integer.MAX_VALUE;
            case 2 -> min + random.nextInt(Integer.MAX_VALUE - min);
            default -> min + random.nextInt(100);
        };
    }

    private static Integer optionalCount(Random random) {
        return random.nextInt(3) == 0 ? null : count(random, 0);
    }

    private static <T> T optional(Random random, Gen<T> gen) {
        return random.nextInt(3) == 0 ? null : gen.next(random);
    }

    private static Gen<String> nonBlank(Gen<String> text) {
        return text.map(s -> s.isBlank() ? "x" + s.substring(1) : s);
    }
}
