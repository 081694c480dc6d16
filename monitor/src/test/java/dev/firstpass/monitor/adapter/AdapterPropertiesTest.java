package dev.firstpass.monitor.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.core.property.Gen;
import dev.firstpass.core.property.HostileInput;
import dev.firstpass.core.property.PropertyCheck;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.InputLimits;
import dev.firstpass.core.protocol.InvalidRecordException;
import dev.firstpass.core.protocol.ProtocolJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Properties of the input adapters: events written in a format read back equal, and any record is
 * read or rejected with reasons that say what is wrong, within a bound, whatever its bytes.
 */
class AdapterPropertiesTest {

    private static final String LINE_ALPHABET = "m,= \"\\\n\r#tfiu0123456789.-eE+abc_\t\u00fc";

    private static final List<EpochEventAdapter> ADAPTERS = List.of(
            EpochEventAdapters.nativeJson(),
            EpochEventAdapters.fromConfig(Map.of("input.format", "json", "input.json.run_id", "a.b[0]",
                    "input.json.experiment", "key", "input.json.arm", "c", "input.json.time", "t",
                    "input.json.metrics.*", "a", "input.json.metrics.x", "b[1].c")),
            EpochEventAdapters.fromConfig(Map.of("input.format", "json", "input.json.experiment", "experiment",
                    "input.json.arm", "arm", "input.json.time", "time", "input.json.metrics.*", "metrics")),
            EpochEventAdapters.fromConfig(Map.of("input.format", "line-protocol",
                    "input.line-protocol.experiment", "a", "input.line-protocol.arm", "b",
                    "input.line-protocol.precision", "s")),
            EpochEventAdapters.fromConfig(Map.of("input.format", "line-protocol",
                    "input.line-protocol.experiment", "const:e", "input.line-protocol.metrics", "a,b",
                    "input.line-protocol.measurements", "m")));

    /** A reason says what is wrong: each names a rule, whatever else it holds. */
    private static final Pattern RULE = Pattern.compile(".*(must|missing|required|out of range|malformed|beyond a"
            + " limit|unexpected|unterminated|invalid|duplicate|unescaped|not UTF-8|no metrics|appears twice|is not"
            + " a|unreadable|unsupported).*", Pattern.DOTALL);
    private static final int MAX_REASON_CHARS = 1_000;

    /** Line protocol's names: printable, no backslash (which ends a name ambiguously), some to escape. */
    private static final String NAME_ALPHABET = Gen.PLAIN + ",= \"'\u00e9\u4e2d\ud83d\ude00";

    @Test
    void anyRecordIsReadOrRejectedWithReasonsNamingARule() {
        Gen<byte[]> lines = Gen.utf8(Gen.text(LINE_ALPHABET, 0, 200));
        Gen<byte[]> lineTypos = random -> HostileInput.typos(random, lineProtocol(validEvents().next(random),
                "m", ChronoUnit.MILLIS), LINE_ALPHABET).getBytes(StandardCharsets.UTF_8);
        Gen<byte[]> values = Gen.anyOf(HostileInput.jsonBytes(), lines, lineTypos);
        Gen<byte[]> keys = Gen.anyOf(Gen.just((byte[]) null), Gen.bytes(0, 8), Gen.utf8(Gen.text("kr ", 0, 300)));
        PropertyCheck.forAll(random -> new byte[][] {keys.next(random), values.next(random)}).tries(800)
                .eachWithin(Duration.ofSeconds(2)).check(record -> {
                    for (EpochEventAdapter adapter : ADAPTERS) {
                        readOrRejected(adapter, record[0], record[1]);
                    }
                });
    }

    @Test
    void eventsWrittenAsLineProtocolReadBackEqual() {
        PropertyCheck.forAll(validEvents()).tries(400).check(event -> {
            EpochEventAdapter adapter = EpochEventAdapters.lineProtocol(LineProtocolMapping
                    .forExperiment(ValueSource.lookup("experiment")).withArm(ValueSource.lookup("arm"))
                    .withPrecision(ChronoUnit.MILLIS));

            List<EpochEvent> read = adapter.adapt(null, lineProtocol(event, "train", ChronoUnit.MILLIS)
                    .getBytes(StandardCharsets.UTF_8), null);

            assertThat(read).containsExactly(event);
        });
    }

    @Test
    void eventsWrittenAsJsonReadBackEqualThroughAFieldMapping() {
        EpochEventAdapter adapter = EpochEventAdapters.jsonMapping(JsonFieldMapping
                .forNumbersUnder(ValueSource.lookup("experiment"), "metrics").withArm(ValueSource.lookup("arm"))
                .withTimePath("time"));
        // Numbers under "metrics" are named by their path, so a name with a dot would read as nesting.
        Gen<EpochEvent> events = validEvents().map(e -> new EpochEvent(e.experiment(), e.runId(), e.arm(),
                e.epoch(), 0, e.time(), withoutDots(e.metrics()), 0, Map.of()));
        PropertyCheck.forAll(events).tries(400).check(event -> {
            List<EpochEvent> read = adapter.adapt(null, ProtocolJson.writeBytes(event), null);

            assertThat(read).containsExactly(event);
        });
    }

    @Test
    void aLineWithOneFieldCorruptedIsRejectedWithAReasonNamingIt() {
        EpochEventAdapter adapter = EpochEventAdapters.lineProtocol(LineProtocolMapping
                .forExperiment(ValueSource.lookup("experiment")).withPrecision(ChronoUnit.MILLIS));
        Gen<String[]> corruptions = random -> {
            EpochEvent event = validEvents().next(random);
            String line = lineProtocol(event, "train", ChronoUnit.MILLIS);
            String epoch = "epoch=" + event.epoch() + "i";
            String[][] ways = {
                {line.replace(",run_id=" + escape(event.runId()), ""), "tag 'run_id' (run_id) is missing"},
                {line.replace(",experiment=" + escape(event.experiment()), ""), "tag 'experiment'"},
                {line.replace(epoch, "epoch=0i"), "field 'epoch' (epoch) must be at least 1"},
                {line.replace(epoch, "epoch=2147483648i"), "field 'epoch' (epoch) must be at most"},
                {line.replace(epoch, "epoch=1.5"), "field 'epoch' (epoch) must be an integer"},
                {line.replace(epoch, "epoch=\"1\""), "field 'epoch' (epoch) must be an integer"},
                {line.replace(epoch, "epoch=99999999999999999999999i"), "integer value of field 'epoch' out of range"},
                {line.replace(epoch, "epoch=1" + "0".repeat(400) + "x"), "value of field 'epoch' is not a"},
                {line.replace(epoch, "epoch=1e999"), "float value of field 'epoch' out of range"},
                {line.substring(0, line.indexOf(" " + epoch)) + " epoch=\"open", "unterminated string field value"},
                {line.replace(" " + epoch, " " + epoch + ",epoch=2i"), "duplicate field key 'epoch'"},
                {line + "9".repeat(20), "timestamp out of range"},
                {line.replace(",run_id=", ",run_id=" + "r".repeat(InputLimits.MAX_ID_CHARS)),
                    "run_id must be at most 256 characters"},
            };
            String[] way = ways[random.nextInt(ways.length)];
            return new String[] {way[0], way[1]};
        };
        PropertyCheck.forAll(corruptions).tries(400).check(corruption -> {
            InvalidRecordException e = Records.rejection(adapter, null, corruption[0].getBytes(StandardCharsets.UTF_8),
                    null);
            assertWellFormed(e);
            assertThat(e.getMessage()).startsWith("line 1: ").contains(corruption[1]);
        });
    }

    @Test
    void adversarialRecordsAreAnsweredWithinABound() {
        Gen<byte[]> lines = random -> {
            int n = 1 + random.nextInt(400_000);
            String text = switch (random.nextInt(12)) {
                case 0 -> "m f=" + "1".repeat(n) + "x";
                case 1 -> "m f=" + "1".repeat(n / 2) + "e" + "1".repeat(n / 2) + "x";
                case 2 -> "m f=" + "9".repeat(n) + "u";
                case 3 -> "m f=" + "9".repeat(n) + "i";
                case 4 -> "m f=\"" + "\\".repeat(n);
                case 5 -> "m f=\"" + "x".repeat(n);
                case 6 -> "m,run_id=r epoch=1i,loss=1 1\n".repeat(n / 30 + 1) + "m epoch=x";
                case 7 -> "m f=1,x\n".repeat(n / 8 + 1);
                case 8 -> "m" + ",t=v".repeat(n / 4 + 1) + " f=1";
                case 9 -> "m " + "f=1,".repeat(n / 4 + 1);
                case 10 -> "m" + "\\ ".repeat(n / 2 + 1);
                default -> "m,run_id=r,a=e epoch=1i," + HostileInput.keys(n / 10 + 1, "f%d=1") + " 1";
            };
            return text.getBytes(StandardCharsets.UTF_8);
        };
        Gen<byte[]> records = Gen.anyOf(lines, Gen.utf8(HostileInput.adversarialJson()));
        // Each try is read by five adapters; the bound leaves room for a loaded machine and is still far
        // below what a parse that grows faster than the record would take.
        PropertyCheck.forAll(records).tries(40).eachWithin(Duration.ofSeconds(10)).check(value -> {
            for (EpochEventAdapter adapter : ADAPTERS) {
                readOrRejected(adapter, "k".getBytes(StandardCharsets.UTF_8), value);
            }
        });
    }

    private static void readOrRejected(EpochEventAdapter adapter, byte[] key, byte[] value) {
        try {
            assertThat(adapter.adapt(key, value, Records.RECORD_TIME)).isNotNull();
        } catch (InvalidRecordException e) {
            assertWellFormed(e);
        }
    }

    private static void assertWellFormed(InvalidRecordException e) {
        assertThat(e.violations()).isNotEmpty();
        assertThat(e.getMessage().length())
                .isLessThanOrEqualTo((InputLimits.MAX_LISTED_PROBLEMS + 1) * (MAX_REASON_CHARS + 2));
        // A record of a hundred thousand bad lines has as many reasons; the listed ones are checked in full.
        for (String reason : e.violations().subList(0, Math.min(e.violations().size(), 100))) {
            assertThat(reason).matches(RULE);
        }
        for (String reason : e.violations()) {
            if (reason.isBlank() || reason.length() > MAX_REASON_CHARS) {
                throw new AssertionError("a reason blank or longer than " + MAX_REASON_CHARS + ": " + reason);
            }
        }
    }

    /** Events line protocol can carry: names without backslashes or line breaks, finite values. */
    private static Gen<EpochEvent> validEvents() {
        Gen<String> names = Gen.text(NAME_ALPHABET, 1, InputLimits.MAX_METRIC_NAME_CHARS)
                .map(s -> s.isBlank() ? "n" + s : s);
        Gen<String> ids = Gen.text(NAME_ALPHABET, 1, InputLimits.MAX_ID_CHARS).map(s -> s.isBlank() ? "i" + s : s);
        Gen<Double> values = Gen.doubles().map(v -> Double.isFinite(v) ? v : 0.5);
        return random -> {
            Map<String, Double> metrics = new LinkedHashMap<>();
            for (int n = 1 + random.nextInt(random.nextInt(10) == 0 ? InputLimits.MAX_METRICS : 6);
                    metrics.size() < n; ) {
                String name = names.next(random);
                if (!name.equals("epoch")) {
                    metrics.put(name, values.next(random));
                }
            }
            return new EpochEvent(ids.next(random), ids.next(random), random.nextBoolean() ? null : ids.next(random),
                    1 + random.nextInt(random.nextBoolean() ? 100 : Integer.MAX_VALUE), 0,
                    Instant.ofEpochMilli(random.nextLong()), metrics, 0, Map.of());
        };
    }

    private static String lineProtocol(EpochEvent event, String measurement, ChronoUnit precision) {
        StringBuilder line = new StringBuilder(measurement).append(",run_id=").append(escape(event.runId()))
                .append(",experiment=").append(escape(event.experiment()));
        if (event.arm() != null) {
            line.append(",arm=").append(escape(event.arm()));
        }
        line.append(" epoch=").append(event.epoch()).append('i');
        event.metrics().forEach((name, value) -> line.append(',').append(escape(name)).append('=').append(value));
        long stamp = precision == ChronoUnit.MILLIS ? event.time().toEpochMilli() : event.time().getEpochSecond();
        return line.append(' ').append(stamp).toString();
    }

    private static String escape(String name) {
        return name.replace(",", "\\,").replace("=", "\\=").replace(" ", "\\ ");
    }

    private static Map<String, Double> withoutDots(Map<String, Double> metrics) {
        Map<String, Double> renamed = new LinkedHashMap<>();
        metrics.forEach((name, value) -> renamed.putIfAbsent(name.replace('.', '_'), value));
        return renamed;
    }
}
