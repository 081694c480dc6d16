package dev.firstpass.monitor;

import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.ProtocolJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded, valid stream of epoch events for one experiment, interleaved epoch by epoch across its runs
 * the way concurrent training runs report.
 *
 * <p>Each run relaxes towards a plateau level drawn in [0.6, 0.9), so some runs pass the 0.78 target
 * and some never do, which gives the analysis both passages and censored runs to work with.
 */
final class SyntheticStream {

    static final String EXPERIMENT = "hostile-e1";
    static final String METRIC = "test_acc";
    static final double TARGET = 0.78;

    private SyntheticStream() {
    }

    /** {@code runs} runs of {@code epochs} epochs each; the same seed gives the same records. */
    static List<EpochEvent> events(long seed, int runs, int epochs) {
        Random random = new Random(seed);
        double[] levels = new double[runs];
        for (int r = 0; r < runs; r++) {
            levels[r] = 0.6 + 0.3 * random.nextDouble();
        }
        List<EpochEvent> events = new ArrayList<>(runs * epochs);
        for (int epoch = 1; epoch <= epochs; epoch++) {
            for (int r = 0; r < runs; r++) {
                double clean = levels[r] - (levels[r] - 0.1) * Math.exp(-epoch / 4.0);
                double value = clean + 0.01 * random.nextGaussian();
                events.add(new EpochEvent(EXPERIMENT, runId(r), null, epoch, 0, Instant.EPOCH.plusSeconds(epoch),
                        Map.of(METRIC, value), 0, Map.of()));
            }
        }
        return events;
    }

    static String runId(int run) {
        return EXPERIMENT + "/r" + run;
    }

    /** The event as the trainer writes it: keyed by run id, the protocol's JSON as the value. */
    static RawRecord record(EpochEvent event) {
        return RawRecord.text(event.runId(), ProtocolJson.write(event));
    }
}
