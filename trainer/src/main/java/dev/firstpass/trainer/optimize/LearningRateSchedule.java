package dev.firstpass.trainer.optimize;

import java.util.Locale;

/**
 * The learning rate of each epoch of a cycle, as a factor of the base rate; a warm restart starts a
 * new cycle.
 */
public sealed interface LearningRateSchedule
        permits LearningRateSchedule.Constant, LearningRateSchedule.Step, LearningRateSchedule.Cosine {

    /** The factor for epoch {@code epochInCycle} of a cycle, counting from 1. */
    double factor(int epochInCycle);

    /** The form {@link #parse} reads, e.g. "step:30:0.1". */
    String describe();

    /** The base rate throughout; the default. */
    static LearningRateSchedule constant() {
        return new Constant();
    }

    /** The rate times {@code gamma} after every {@code every} epochs of a cycle. */
    static LearningRateSchedule step(int every, double gamma) {
        return new Step(every, gamma);
    }

    /** Cosine annealing from the base rate to 0 over {@code period} epochs, then 0 until a restart. */
    static LearningRateSchedule cosine(int period) {
        return new Cosine(period);
    }

    /**
     * Reads "constant", "step:EVERY:GAMMA" or "cosine:PERIOD".
     *
     * @throws IllegalArgumentException stating the accepted forms, for the caller to add the option and value
     */
    static LearningRateSchedule parse(String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split(":", -1);
        try {
            if (parts.length == 1 && parts[0].equals("constant")) {
                return constant();
            }
            if (parts.length == 3 && parts[0].equals("step")) {
                return step(Integer.parseInt(parts[1]), Double.parseDouble(parts[2]));
            }
            if (parts.length == 2 && parts[0].equals("cosine")) {
                return cosine(Integer.parseInt(parts[1]));
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted forms
        }
        throw new IllegalArgumentException("must be constant, step:EVERY:GAMMA or cosine:PERIOD");
    }

    /** See {@link #constant()}. */
    record Constant() implements LearningRateSchedule {
        @Override
        public double factor(int epochInCycle) {
            return 1;
        }

        @Override
        public String describe() {
            return "constant";
        }
    }

    /** See {@link #step(int, double)}. */
    record Step(int every, double gamma) implements LearningRateSchedule {
        public Step {
            if (every < 1) {
                throw new IllegalArgumentException("step schedule period must be at least 1 epoch: " + every);
            }
            if (!(gamma > 0 && gamma <= 1)) {
                throw new IllegalArgumentException("step schedule gamma must be in (0, 1]: " + gamma);
            }
        }

        @Override
        public double factor(int epochInCycle) {
            return Math.pow(gamma, (epochInCycle - 1) / every);
        }

        @Override
        public String describe() {
            return "step:" + every + ":" + gamma;
        }
    }

    /** See {@link #cosine(int)}. */
    record Cosine(int period) implements LearningRateSchedule {
        public Cosine {
            if (period < 1) {
                throw new IllegalArgumentException("cosine schedule period must be at least 1 epoch: " + period);
            }
        }

        @Override
        public double factor(int epochInCycle) {
            if (epochInCycle > period) {
                return 0;
            }
            return 0.5 * (1 + Math.cos(Math.PI * (epochInCycle - 1) / period));
        }

        @Override
        public String describe() {
            return "cosine:" + period;
        }
    }
}
