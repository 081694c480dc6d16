package dev.firstpass.monitor.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.core.protocol.InvalidRecordException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Whatever the bytes, an adapter answers with events or an InvalidRecordException, never anything else. */
class AdapterRobustnessTest {

    private static final String LINE_ALPHABET = "m,= \"\\\n\r#tfiu0123456789.-eE+abc_\tü";
    private static final String JSON_ALPHABET = "{}[]\":,.-+0123456789eE truefalsnNIy\\abc";

    private static final List<EpochEventAdapter> ADAPTERS = List.of(
            EpochEventAdapters.nativeJson(),
            EpochEventAdapters.fromConfig(Map.of("input.format", "json", "input.json.run_id", "a.b[0]",
                    "input.json.experiment", "key", "input.json.arm", "c", "input.json.time", "t",
                    "input.json.metrics.*", "a", "input.json.metrics.x", "b[1].c")),
            EpochEventAdapters.fromConfig(Map.of("input.format", "line-protocol",
                    "input.line-protocol.experiment", "a", "input.line-protocol.arm", "b",
                    "input.line-protocol.precision", "s")),
            EpochEventAdapters.fromConfig(Map.of("input.format", "line-protocol",
                    "input.line-protocol.experiment", "const:e", "input.line-protocol.metrics", "a,b",
                    "input.line-protocol.measurements", "m")));

    @Test
    void answersRandomTextWithEventsOrARejectionOnly() {
        Random random = new Random(20240501L);
        List<Throwable> unexpected = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            String alphabet = i % 2 == 0 ? LINE_ALPHABET : JSON_ALPHABET;
            byte[] value = randomText(random, alphabet, random.nextInt(60)).getBytes(StandardCharsets.UTF_8);
            byte[] key = random.nextBoolean() ? null : randomText(random, alphabet, 3).getBytes(StandardCharsets.UTF_8);
            for (EpochEventAdapter adapter : ADAPTERS) {
                try {
                    adapter.adapt(key, value, random.nextBoolean() ? null : Records.RECORD_TIME);
                } catch (InvalidRecordException expected) {
                    if (expected.violations().isEmpty() || expected.getMessage().isBlank()) {
                        unexpected.add(expected);
                    }
                } catch (RuntimeException e) {
                    unexpected.add(e);
                }
            }
        }
        assertThat(unexpected).isEmpty();
    }

    @Test
    void answersRandomBytesWithEventsOrARejectionOnly() {
        Random random = new Random(7L);
        List<Throwable> unexpected = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            byte[] value = new byte[random.nextInt(40)];
            random.nextBytes(value);
            for (EpochEventAdapter adapter : ADAPTERS) {
                try {
                    adapter.adapt(value, value, Records.RECORD_TIME);
                } catch (InvalidRecordException expected) {
                    if (expected.getMessage().isBlank()) {
                        unexpected.add(expected);
                    }
                } catch (RuntimeException e) {
                    unexpected.add(e);
                }
            }
        }
        assertThat(unexpected).isEmpty();
    }

    @Test
    void answersMutatedValidRecordsWithEventsOrARejectionOnly() {
        List<String> seeds = List.of(
                "m,a=e,run_id=r,b=x epoch=2i,a=1.5,b=-3i,c=7u,d=\"s \\\" t\",e=true 1714564800",
                "m,a=e,run_id=r epoch=2,a=1e-3\n# c\nm,a=e,run_id=q epoch=3u,b=2 -5",
                "{\"a\":{\"b\":[\"r\"],\"x\":NaN},\"b\":[0,{\"c\":2}],\"c\":\"arm\",\"epoch\":3.0,\"t\":1714564800000}",
                "{\"schema\":1,\"experiment\":\"e\",\"run_id\":\"r\",\"epoch\":1,"
                        + "\"time\":\"2024-05-01T12:00:00Z\",\"metrics\":{\"loss\":\"NaN\"}}");
        String alphabet = LINE_ALPHABET + JSON_ALPHABET;
        Random random = new Random(99L);
        List<Throwable> unexpected = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            StringBuilder text = new StringBuilder(seeds.get(i % seeds.size()));
            for (int edits = 1 + random.nextInt(3); edits > 0 && text.length() > 0; edits--) {
                int at = random.nextInt(text.length());
                switch (random.nextInt(3)) {
                    case 0 -> text.deleteCharAt(at);
                    case 1 -> text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            for (EpochEventAdapter adapter : ADAPTERS) {
                try {
                    adapter.adapt(Records.utf8("k"), Records.utf8(text.toString()), Records.RECORD_TIME);
                } catch (InvalidRecordException expected) {
                    if (expected.violations().isEmpty() || expected.getMessage().isBlank()) {
                        unexpected.add(expected);
                    }
                } catch (RuntimeException e) {
                    unexpected.add(new AssertionError(text.toString(), e));
                }
            }
        }
        assertThat(unexpected).isEmpty();
    }

    private static String randomText(Random random, String alphabet, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
