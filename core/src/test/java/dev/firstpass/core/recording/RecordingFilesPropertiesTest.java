package dev.firstpass.core.recording;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.core.property.Gen;
import dev.firstpass.core.property.MessageGen;
import dev.firstpass.core.property.PropertyCheck;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.InputLimits;
import dev.firstpass.core.protocol.ProtocolJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Properties of reading recorded runs, as {@code analyze} and {@code replay} do: written runs read back
 * equal, and any file content is read or refused with a message naming the file, never anything else.
 */
class RecordingFilesPropertiesTest {

    private static final String CSV_ALPHABET = "loss,acc,\n\r\t 0123456789.-+eE nan inf NaN Infinity \ufeff\"x\u00e9";
    private static final String NAME_ALPHABET = Gen.PLAIN + "\u00e9\u4e2d ";

    @TempDir
    Path dir;

    private final AtomicInteger files = new AtomicInteger();

    @Test
    void csvRunsReadBackWithEveryValue() {
        PropertyCheck.forAll(csvRuns()).tries(200).check(run -> {
            Path arm = arm();
            Files.writeString(arm.resolve("seed_1.csv"), csv(run), StandardCharsets.UTF_8);

            RecordedRun read = RecordingFiles.readRuns(arm).get(0);

            assertThat(read.epochs()).isEqualTo(run);
        });
    }

    @Test
    void epochEventLinesReadBackAsOneRunPerRunId() {
        Gen<String> names = Gen.oneOf("loss", "test_acc", "lr", "grad_norm");
        Gen<Map<String, Double>> metrics = random -> {
            Map<String, Double> values = new LinkedHashMap<>();
            for (int i = 1 + random.nextInt(4); i > 0; i--) {
                values.put(names.next(random), Gen.doubles().next(random));
            }
            return values;
        };
        Gen<List<EpochEvent>> recordings = random -> {
            List<EpochEvent> events = new ArrayList<>();
            String experiment = MessageGen.ids().next(random);
            Instant time = MessageGen.instants().next(random);
            int runs = 1 + random.nextInt(3);
            int epochs = 1 + random.nextInt(20);
            for (int epoch = 1; epoch <= epochs; epoch++) {
                for (int run = 0; run < runs; run++) {
                    events.add(new EpochEvent(experiment, "run-" + run, null, epoch, 0, time,
                            metrics.next(random), 0, Map.of()));
                }
            }
            return events;
        };
        PropertyCheck.forAll(recordings).tries(100).check(events -> {
            Path arm = arm();
            StringBuilder lines = new StringBuilder();
            events.forEach(event -> lines.append(ProtocolJson.write(event)).append('\n'));
            Files.writeString(arm.resolve("events.jsonl"), lines, StandardCharsets.UTF_8);

            List<RecordedRun> read = RecordingFiles.readRuns(arm);

            for (RecordedRun run : read) {
                List<Map<String, Double>> expected = events.stream().filter(e -> e.runId().equals(run.runId()))
                        .map(EpochEvent::metrics).toList();
                assertThat(run.epochs()).isEqualTo(expected);
            }
            assertThat(read).hasSize((int) events.stream().map(EpochEvent::runId).distinct().count());
        });
    }

    @Test
    void anyCsvContentIsReadOrRefusedNamingTheFile() {
        Gen<byte[]> contents = Gen.anyOf(Gen.utf8(Gen.text(CSV_ALPHABET, 0, 300)), Gen.bytes(0, 100),
                Gen.utf8(Gen.anyText(0, 100)), random -> typos(random, csv(csvRuns().next(random))));
        PropertyCheck.forAll(contents).tries(400).eachWithin(Duration.ofSeconds(3)).check(bytes -> {
            Path arm = arm();
            Path file = Files.write(arm.resolve("seed_1.csv"), bytes);
            readOrRefused(arm, file);
        });
    }

    @Test
    void anyJsonLinesContentIsReadOrRefusedNamingTheFile() {
        Gen<EpochEvent> events = MessageGen.epochEvents();
        Gen<byte[]> contents = Gen.anyOf(Gen.bytes(0, 100), Gen.utf8(Gen.anyText(0, 100)),
                random -> typos(random, ProtocolJson.write(events.next(random)) + "\n"
                        + ProtocolJson.write(events.next(random))));
        PropertyCheck.forAll(contents).tries(300).eachWithin(Duration.ofSeconds(3)).check(bytes -> {
            Path arm = arm();
            Path file = Files.write(arm.resolve("events.jsonl"), bytes);
            readOrRefused(arm, file);
        });
    }

    @Test
    void hugeAndOddlyBrokenFilesAreAnsweredWithinABound() {
        Gen<String> contents = random -> {
            int n = 1 + random.nextInt(3_000_000);
            return switch (random.nextInt(8)) {
                case 0 -> "loss\n" + "1".repeat(n);
                case 1 -> "x".repeat(n);
                case 2 -> "loss," + "a,".repeat(n / 2) + "\n1\n";
                // Rows cost memory in proportion (a map per epoch); a long run, not a huge one.
                case 3 -> "loss\n" + "1\n".repeat(n / 20);
                case 4 -> "\r".repeat(n);
                case 5 -> "loss\n" + "0." + "1".repeat(n) + "\n";
                case 6 -> "{\"schema\":1,\"experiment\":\"e\",\"run_id\":\"r\",\"time\":\"2024-05-01T12:00:00Z\","
                        + "\"metrics\":{\"loss\":1},\"epoch\":" + (2 + random.nextInt(Integer.MAX_VALUE - 2)) + "}";
                default -> "loss\n" + "nan\n".repeat(n / 40);
            };
        };
        PropertyCheck.forAll(contents).tries(20).eachWithin(Duration.ofSeconds(10)).check(text -> {
            Path arm = arm();
            Path file = Files.writeString(arm.resolve(text.startsWith("{") ? "r.jsonl" : "seed_1.csv"), text);
            readOrRefused(arm, file);
        });
    }

    private static void readOrRefused(Path arm, Path file) {
        try {
            RecordingFiles.readRuns(arm).forEach(run -> assertThat(run.epochCount()).isPositive());
        } catch (RecordingException e) {
            assertThat(e.getMessage()).startsWith(file.toString());
            assertThat(e.getMessage().length()).isLessThan(InputLimits.MAX_LISTED_PROBLEMS * 1_100 + 500);
        }
    }

    /** Runs of 1 to 30 epochs with the same, unique, trimmed metric names, and any values. */
    private static Gen<List<Map<String, Double>>> csvRuns() {
        Gen<String> names = Gen.text(NAME_ALPHABET, 1, 40).map(String::trim).map(s -> s.isEmpty() ? "m" : s);
        Gen<Double> values = Gen.doubles();
        return random -> {
            List<String> columns = new ArrayList<>();
            for (int n = 1 + random.nextInt(10); columns.size() < n; ) {
                String name = names.next(random);
                if (!columns.contains(name)) {
                    columns.add(name);
                }
            }
            List<Map<String, Double>> epochs = new ArrayList<>();
            for (int epoch = 1 + random.nextInt(30); epoch > 0; epoch--) {
                Map<String, Double> row = new LinkedHashMap<>();
                columns.forEach(column -> row.put(column, values.next(random)));
                epochs.add(row);
            }
            return epochs;
        };
    }

    /** The run as Python's csv module would write it, nan and inf included. */
    private static String csv(List<Map<String, Double>> run) {
        StringBuilder csv = new StringBuilder(String.join(",", run.get(0).keySet())).append("\r\n");
        for (Map<String, Double> row : run) {
            List<String> cells = new ArrayList<>();
            row.values().forEach(v -> cells.add(v.isNaN() ? "nan" : v.isInfinite() ? (v > 0 ? "inf" : "-inf")
                    : Double.toString(v)));
            csv.append(String.join(",", cells)).append("\r\n");
        }
        return csv.toString();
    }

    private static byte[] typos(Random random, String text) {
        StringBuilder edited = new StringBuilder(text);
        for (int edits = 1 + random.nextInt(3); edits > 0 && edited.length() > 0; edits--) {
            int at = random.nextInt(edited.length());
            char c = CSV_ALPHABET.charAt(random.nextInt(CSV_ALPHABET.length()));
            switch (random.nextInt(3)) {
                case 0 -> edited.deleteCharAt(at);
                case 1 -> edited.insert(at, c);
                default -> edited.setCharAt(at, c);
            }
        }
        return edited.toString().getBytes(StandardCharsets.UTF_8);
    }

    private Path arm() throws IOException {
        return Files.createDirectories(dir.resolve("arm" + files.incrementAndGet()));
    }

}
