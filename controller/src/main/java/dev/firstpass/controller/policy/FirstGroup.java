package dev.firstpass.controller.policy;

import dev.firstpass.core.protocol.FptStats;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Whether the first group of a further probe settles its comparison with the best value known, so that
 * its second group can be spent exploiting instead.
 *
 * <p>It settles when the measured MFPT differs from the best value by more than a one-sided 97.5% t bound
 * on its standard error. First-passage times are skewed, and a handful of them often understates their
 * own spread, so the spread used is the larger of the group's coefficient of variation and the reference
 * probe's, measured over at least {@code min.runs} runs of the same training; while the reference's is
 * unknown (some of its runs have not passed), the group alone never settles anything.
 *
 * @param settles whether the comparison is settled
 * @param why     the comparison, in words, for the audit trail
 */
record FirstGroup(boolean settles, String why) {

    private static final double CONFIDENCE = 0.975;

    static FirstGroup judge(FptStats measured, FptStats reference, double best) {
        if (measured.mfptIsLowerBound() || measured.mfpt() == null) {
            // Runs that ended without passing only make the MFPT longer: a lower bound above the best is final.
            boolean worse = measured.mfpt() != null && measured.mfpt() > best;
            return new FirstGroup(worse, worse
                    ? String.format(Locale.ROOT, "its MFPT is at least %.1f epochs (runs censored before passing),"
                            + " above the best known whatever the rest would add", measured.mfpt())
                    : "its runs have no MFPT yet (censored before passing)");
        }
        double mfpt = measured.mfpt();
        if (!Double.isFinite(best)) {
            return new FirstGroup(true, "settled by its first " + measured.runs() + " runs, against no finite value");
        }
        int runs = measured.runs();
        if (runs < 2) {
            return new FirstGroup(false, "one run gives no spread to judge the difference by");
        }
        Double referenceSpread = measuredCv(reference);
        if (referenceSpread == null) {
            return new FirstGroup(false, "the spread to judge the difference by is not known yet (" + reference.arm()
                    + " has runs that have not passed)");
        }
        Double groupSpread = measuredCv(measured);
        double spread = groupSpread == null ? referenceSpread : Math.max(groupSpread, referenceSpread);
        double margin = new TDistribution(runs - 1).inverseCumulativeProbability(CONFIDENCE) * mfpt * spread
                / Math.sqrt(runs);
        boolean settles = Math.abs(mfpt - best) > margin;
        String comparison = String.format(Locale.ROOT, "the difference, %.1f epochs, is %s the uncertainty of %d runs"
                + " (%.1f epochs: t bound at %.1f%% with CV %.2f, the larger of the group's and %s's)",
                mfpt - best, settles ? "beyond" : "within", runs, margin, 100 * CONFIDENCE, spread, reference.arm());
        return new FirstGroup(settles, comparison);
    }

    /**
     * The sample CV of an arm's measured first-passage times, from its survival S(t), t = 0..L: E[T] is the
     * sum of S(t), E[T^2] the sum of (2t + 1) S(t), and the variance they give is scaled by n / (n - 1).
     * Null while S(L) > 0, when some run has not passed. (The record's own {@code cv} is the baseline's.)
     */
    static Double measuredCv(FptStats arm) {
        List<Double> survival = arm.survival();
        int n = arm.runs();
        if (n < 2 || survival.isEmpty() || survival.get(survival.size() - 1) > 0.0) {
            return null;
        }
        double mean = 0.0;
        double second = 0.0;
        for (int t = 0; t < survival.size(); t++) {
            mean += survival.get(t);
            second += (2.0 * t + 1.0) * survival.get(t);
        }
        double variance = Math.max(0.0, second - mean * mean) * n / (n - 1);
        return mean == 0.0 ? null : Math.sqrt(variance) / mean;
    }
}
