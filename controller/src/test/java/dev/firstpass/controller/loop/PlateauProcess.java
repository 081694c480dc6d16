package dev.firstpass.controller.loop;

import java.util.SplittableRandom;

/**
 * A training-like metric with a quasi-steady state and a known response to kicks, whose best period is
 * known exactly.
 *
 * <p>A run climbs to its own plateau (around 50) within a few epochs and then stays there; each epoch it
 * makes a one-epoch excursion above 53 (the target) with probability {@link #HAZARD}. A kick knocks the
 * metric down by 15, which relaxes within a few epochs, and with probability {@link #ESCAPE} makes an
 * excursion at an offset drawn uniformly from 3 to 7 epochs after the kick, unless the next kick comes
 * first. Since a kick resets everything that matters, kicked runs renew at every kick.
 */
public final class PlateauProcess {

    public static final double TARGET = 53.0;
    public static final double HAZARD = 0.02;
    public static final double ESCAPE = 0.5;
    public static final int ESCAPE_FROM = 3;
    public static final int ESCAPE_TO = 7;

    private PlateauProcess() {
    }

    /** One run's metric, epoch by epoch, with kicks applied whenever the trainer is told to. */
    public static final class Run {
        private final SplittableRandom random;
        private final double level;
        private final double relaxation;
        private int lastKick = -1;
        private int escapeAt = -1;

        public Run(long seed) {
            this(seed, 1.0);
        }

        /**
         * A run whose kick drop relaxes with time constant {@code relaxation} epochs. Passages come from
         * excursions alone, so the exact MFPT does not depend on it, but the relaxation time t_rel does: a slow
         * relaxation puts the best period below t_rel.
         */
        public Run(long seed, double relaxation) {
            this.random = new SplittableRandom(seed);
            this.level = 50.0 + 0.5 * random.nextGaussian();
            this.relaxation = relaxation;
        }

        /** The metric evaluated after {@code epoch}. */
        public double evaluate(int epoch) {
            double value = level - 20.0 * Math.exp(-(epoch - 1) / 1.0) + 0.2 * random.nextGaussian();
            if (lastKick > 0) {
                value -= 15.0 * Math.exp(-(epoch - lastKick - 1) / relaxation);
            }
            boolean excursion = random.nextDouble() < HAZARD || epoch == escapeAt;
            return excursion ? level + 6.0 + 0.2 * random.nextGaussian() : value;
        }

        /** A kick right after {@code epoch}. */
        public void kick(int epoch) {
            lastKick = epoch;
            escapeAt = random.nextDouble() < ESCAPE ? epoch + ESCAPE_FROM + random.nextInt(ESCAPE_TO - ESCAPE_FROM + 1)
                    : -1;
        }
    }

    /** The first-passage time of one run, seeded with {@code seed}, kicked right after epochs tau, 2 tau, ... */
    public static int passage(long seed, int tau) {
        Run run = new Run(seed);
        int epoch = 0;
        double value;
        do {
            epoch++;
            value = run.evaluate(epoch);
            if (epoch % tau == 0) {
                run.kick(epoch);
            }
        } while (value < TARGET);
        return epoch;
    }

    /**
     * The exact mean first-passage time when kicked right after epochs tau, 2 tau, ...: the sum over t of
     * S(t) = (1 - h)^t times, for each kick k before t, the chance that its escape (if any) was not due by
     * t, counting only escapes due no later than the next kick.
     */
    public static double exactMfpt(int tau) {
        double mfpt = 0.0;
        double survival = 1.0;
        for (int t = 0; survival > 1e-15; t++) {
            mfpt += survival;
            int next = t + 1;
            double atNext = Math.pow(1 - HAZARD, next);
            for (int kick = tau; kick < next; kick += tau) {
                int due = 0;
                for (int offset = ESCAPE_FROM; offset <= Math.min(ESCAPE_TO, tau); offset++) {
                    if (kick + offset <= next) {
                        due++;
                    }
                }
                atNext *= 1 - ESCAPE * due / (ESCAPE_TO - ESCAPE_FROM + 1);
            }
            survival = atNext;
        }
        return mfpt;
    }

    /** The period with the least exact MFPT among {@code from}..{@code to}. */
    public static int bestPeriod(int from, int to) {
        int best = from;
        for (int tau = from + 1; tau <= to; tau++) {
            if (exactMfpt(tau) < exactMfpt(best)) {
                best = tau;
            }
        }
        return best;
    }
}
