package dev.firstpass.trainer.optimize;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Random search over the base learning rate: every fresh start of a run (its first epoch, and every
 * full reset) draws its rate log-uniformly from [{@code low}, {@code high}] instead of using the
 * optimizer's.
 *
 * <p>A full reset then starts a new draw of the whole search, weights and learning rate alike, which is
 * what "give up on this configuration and try another" means.
 */
public record LearningRateSearch(double low, double high) {

    /** How a search is written; {@link #parse} refuses anything else with this rule. */
    public static final String RULE = "must be LOW:HIGH, two learning rates with 0 < LOW < HIGH, e.g. 0.03:3";

    public LearningRateSearch {
        if (!(low > 0) || !(high > low) || !Double.isFinite(high)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "a learning-rate search range needs 0 < low < high, both finite: [%s, %s]", low, high));
        }
    }

    /** Rates drawn so that each decade between {@code low} and {@code high} is as likely as any other. */
    public static LearningRateSearch logUniform(double low, double high) {
        return new LearningRateSearch(low, high);
    }

    /**
     * Reads "LOW:HIGH", as the command line takes it.
     *
     * @throws IllegalArgumentException stating the rule alone, for the caller to add the option and value
     */
    public static LearningRateSearch parse(String text) {
        String[] parts = text.trim().split(":", -1);
        try {
            if (parts.length == 2) {
                double low = Double.parseDouble(parts[0].trim());
                double high = Double.parseDouble(parts[1].trim());
                if (low > 0 && high > low && Double.isFinite(high)) {
                    return logUniform(low, high);
                }
            }
        } catch (NumberFormatException e) {
            // Refused below with the rule.
        }
        throw new IllegalArgumentException(RULE);
    }

    /** The rate of the draw seeded with {@code seed}; the same seed gives the same rate. */
    public double draw(long seed) {
        double u = new SplittableRandom(seed).nextDouble();
        return Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low)));
    }

    /** "log-uniform:0.003:1", the form run configs and the command line use. */
    public String describe() {
        return "log-uniform:" + low + ":" + high;
    }
}
