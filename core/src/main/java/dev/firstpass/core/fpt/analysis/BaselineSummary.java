package dev.firstpass.core.fpt.analysis;

import dev.firstpass.core.fpt.survival.SurvivalCurve;
import java.util.OptionalInt;

/**
 * First-passage statistics of the unperturbed arm for one target.
 *
 * @param hazard           the QSS hazard h, NaN without a QSS or without runs at risk in it
 * @param mfpt             the mean first-passage time; infinite when h = 0 and some runs never pass
 * @param mfptInterval     its bootstrap interval
 * @param mfptExtrapolated the mean includes the QSS tail S(L) / h
 * @param mfptIsLowerBound no QSS: the mean stops at the last epoch and only bounds the MFPT from below
 */
public record BaselineSummary(int runs, int censored, OptionalInt tQss, double hazard, double mfpt,
                              Interval mfptInterval, boolean mfptExtrapolated, boolean mfptIsLowerBound,
                              double cv, double secondMoment, SurvivalCurve survival) {
}
