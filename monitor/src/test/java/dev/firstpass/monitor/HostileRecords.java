package dev.firstpass.monitor;

import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.ProtocolJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;

/**
 * Records that must each be dead-lettered without touching any run, mixed into a valid stream at
 * seeded random positions.
 *
 * <p>Most kinds may land anywhere; the two that are wrong only relative to an earlier record (a
 * conflicting value for an epoch, a run moved to another experiment) are placed after the valid
 * record they contradict, since before it they would be the first word and the valid one the conflict.
 */
final class HostileRecords {

    /** Enough to make the field the largest thing in the record by far, yet under the broker's limits. */
    private static final int HUGE = 20_000;
    /** Deeper than any JSON parser's nesting limit. */
    private static final int DEEP = 5_000;
    private static final int KINDS = 15;

    private HostileRecords() {
    }

    /** {@code valid} with {@code count} hostile records inserted; the valid records keep their order. */
    static List<RawRecord> mixInto(List<EpochEvent> valid, int count, long seed) {
        Random random = new Random(seed);
        List<List<RawRecord>> before = new ArrayList<>();
        for (int i = 0; i <= valid.size(); i++) {
            before.add(new ArrayList<>());
        }
        for (int i = 0; i < count; i++) {
            int kind = i % KINDS;
            int anchor = random.nextInt(valid.size());
            EpochEvent near = valid.get(anchor);
            RawRecord hostile = hostile(kind, near, random);
            boolean contradictsAnchor = kind == 12 || kind == 13;
            int slot = contradictsAnchor ? anchor + 1 + random.nextInt(valid.size() - anchor)
                    : random.nextInt(valid.size() + 1);
            before.get(slot).add(hostile);
        }
        List<RawRecord> mixed = new ArrayList<>(valid.size() + count);
        for (int i = 0; i < valid.size(); i++) {
            mixed.addAll(before.get(i));
            mixed.add(SyntheticStream.record(valid.get(i)));
        }
        mixed.addAll(before.get(valid.size()));
        return mixed;
    }

    private static RawRecord hostile(int kind, EpochEvent near, Random random) {
        String run = near.runId();
        String valid = ProtocolJson.write(near);
        return switch (kind) {
            case 0 -> RawRecord.text(run, "{not json " + random.nextInt());
            case 1 -> RawRecord.text(run, valid.substring(0, 1 + random.nextInt(valid.length() - 1)));
            case 2 -> new RawRecord(run.getBytes(StandardCharsets.UTF_8), garbage(random));
            case 3 -> RawRecord.text(run, valid.replace("\"schema\":1", "\"schema\":" + (2 + random.nextInt(50))));
            case 4 -> RawRecord.text(run, withoutField(valid, random.nextBoolean() ? "epoch" : "experiment"));
            case 5 -> RawRecord.text(run, withEpoch(near, 0));
            case 6 -> RawRecord.text(run, withEpoch(near, -1 - random.nextInt(100)));
            case 7 -> RawRecord.text(run, withMetric(valid, "\"high\""));
            case 8 -> RawRecord.text(run, withMetric(valid, Boolean.toString(random.nextBoolean())));
            case 9 -> RawRecord.text(run + "-other", valid);
            case 10 -> RawRecord.text(run, withMetric(valid, "\"" + "x".repeat(HUGE) + "\""));
            case 11 -> RawRecord.text(run, "{\"a\":".repeat(DEEP) + "1" + "}".repeat(DEEP));
            case 12 -> RawRecord.text(run, ProtocolJson.write(new EpochEvent(near.experiment(), run, near.arm(),
                    near.epoch(), near.segment(), near.time(), Map.of(SyntheticStream.METRIC,
                            near.metrics().get(SyntheticStream.METRIC) + 0.5), 0, Map.of())));
            case 13 -> RawRecord.text(run, ProtocolJson.write(new EpochEvent("elsewhere", run, near.arm(),
                    near.epoch() + 1, 0, near.time(), near.metrics(), 0, Map.of())));
            case 14 -> RawRecord.text(run, ProtocolJson.write(new EpochEvent(near.experiment(), run, near.arm(),
                    near.epoch(), 0, near.time(), Map.of("train_loss", 0.3), 0, Map.of())));
            default -> throw new IllegalArgumentException("kind " + kind);
        };
    }

    private static byte[] garbage(Random random) {
        byte[] bytes = new byte[1 + random.nextInt(200)];
        random.nextBytes(bytes);
        // A leading '{' or '[' could start valid JSON by chance; 0xFF never does.
        bytes[0] = (byte) 0xFF;
        return bytes;
    }

    private static String withEpoch(EpochEvent near, int epoch) {
        return ProtocolJson.write(near).replace("\"epoch\":" + near.epoch(), "\"epoch\":" + epoch);
    }

    private static String withMetric(String valid, String value) {
        return valid.replaceFirst("\"" + SyntheticStream.METRIC + "\":[^,}]+", "\"" + SyntheticStream.METRIC + "\":"
                + Matcher.quoteReplacement(value));
    }

    private static String withoutField(String valid, String field) {
        return valid.replaceFirst("\"" + field + "\":(\"[^\"]*\"|[^,}]+),?", "");
    }
}
