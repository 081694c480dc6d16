package dev.firstpass.controller.policy;

import dev.firstpass.core.protocol.FptStats;
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
            return new FirstGroup(false, "its runs have no MFPT yet (censored before passing)");
        }
        double mfpt = measured.mfpt();
        if (!Double.isFinite(best)) {
            return new FirstGroup(true, "settled by its first " + measured.runs() + " runs, against no finite value");
        }
        int runs = measured.runs();
        if (runs < 2) {
            return new FirstGroup(false, "one run gives no spread to judge the difference by");
        }
        Double referenceSpread = known(reference.cv());
        if (referenceSpread == null) {
            return new FirstGroup(false, "the spread to judge the difference by is not known yet (" + reference.arm()
                    + " has runs that have not passed)");
        }
        Double groupSpread = known(measured.cv());
        double spread = groupSpread == null ? referenceSpread : Math.max(groupSpread, referenceSpread);
        double margin = new TDistribution(runs - 1).inverseCumulativeProbability(CONFIDENCE) * mfpt * spread
                / Math.sqrt(runs);
        boolean settles = Math.abs(mfpt - best) > margin;
        String comparison = String.format(Locale.ROOT, "the difference, %.1f epochs, is %s the uncertainty of %d runs"
                + " (%.1f epochs: t bound at %.1f%% with CV %.2f, the larger of the group's and %s's)",
                mfpt - best, settles ? "beyond" : "within", runs, margin, 100 * CONFIDENCE, spread, reference.arm());
        return new FirstGroup(settles, comparison);
    }

    private static Double known(Double cv) {
        return cv == null || !Double.isFinite(cv) ? null : cv;
    }
}
