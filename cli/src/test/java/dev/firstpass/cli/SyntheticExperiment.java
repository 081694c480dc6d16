package dev.firstpass.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A seeded synthetic experiment with a known quasi-steady state and kick response, written as arm
 * folders. The metric relaxes to a plateau at 50; each epoch a run jumps above the targets with
 * probability {@link #BASELINE_HAZARD}. A kick drops the metric by 10, from which it relaxes in a few
 * epochs, and in the first {@link #KICK_WINDOW} epochs after a kick the chance to jump is
 * {@link #KICK_HAZARD}.
 */
public final class SyntheticExperiment {
    public static final double PLATEAU = 50.0;
    public static final double BASELINE_HAZARD = 0.02;
    public static final double KICK_HAZARD = 0.15;
    public static final int KICK_WINDOW = 3;
    public static final int EPOCHS = 150;
    public static final int RUNS = 40;
    public static final String HEADER = "train_loss,acc";

    private final SplittableRandom random;

    public SyntheticExperiment(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The unperturbed arm. */
    public Path writeBaseline(Path folder) {
        return write(folder, 0);
    }

    /** An arm kicked right after epochs period, 2 period, ... */
    public Path writeKickedArm(Path folder, int period) {
        return write(folder, period);
    }

    private Path write(Path folder, int period) {
        List<List<String>> runs = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            runs.add(run(period));
        }
        return RecordingFolders.writeArm(folder, HEADER, runs);
    }

    private List<String> run(int period) {
        List<String> rows = new ArrayList<>();
        for (int epoch = 1; epoch <= EPOCHS; epoch++) {
            // Epochs since the last kick; the value at a kick epoch is logged before that kick.
            int sinceKick = period == 0 || epoch <= period ? 0 : (epoch - 1) % period + 1;
            double value = PLATEAU - 30.0 * Math.exp(-epoch / 3.0) + 0.5 * random.nextGaussian();
            if (sinceKick > 0) {
                value -= 10.0 * Math.exp(-(sinceKick - 1) / 2.0);
            }
            double hazard = sinceKick >= 1 && sinceKick <= KICK_WINDOW ? KICK_HAZARD : BASELINE_HAZARD;
            if (random.nextDouble() < hazard) {
                value = 55.0 + 7.0 * random.nextDouble();
            }
            rows.add(String.format(Locale.ROOT, "%.4f,%.4f", 1.0 / epoch, value));
        }
        return rows;
    }
}
