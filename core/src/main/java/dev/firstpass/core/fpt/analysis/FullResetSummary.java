package dev.firstpass.core.fpt.analysis;

import java.util.OptionalInt;

/**
 * What periodic full resets would do, from the baseline alone: they help only when CV > 1.
 *
 * @param bestTau  the period with the lowest predicted MFPT, if any is finite
 * @param bestMfpt the MFPT predicted there
 */
public record FullResetSummary(double cv, OptionalInt bestTau, double bestMfpt) {
}
