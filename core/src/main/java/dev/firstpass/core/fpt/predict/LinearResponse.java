package dev.firstpass.core.fpt.predict;

import dev.firstpass.core.fpt.survival.Moments;

/**
 * The universal linear response of the MFPT to rare Poisson kicks:
 * d&lt;T_r&gt;/dr at r = 0 equals &lt;T&gt;&lt;T_I&gt; - &lt;T^2&gt;/2, so a rare kick helps exactly when
 * &lt;T_I&gt; &lt; &lt;T^2&gt; / (2 &lt;T&gt;).
 *
 * @param slope        d&lt;T_r&gt;/dr at r = 0 (negative: kicks help); NaN when the baseline never passes
 * @param threshold    &lt;T^2&gt; / (2 &lt;T&gt;), the mean residual time a kick must beat; NaN likewise
 * @param meanResponse &lt;T_I&gt;, the mean time to passage after a single kick
 * @param baselineNeverPasses the baseline's moments are infinite: its censored runs never pass
 */
public record LinearResponse(double slope, double threshold, double meanResponse, boolean baselineNeverPasses) {

    public static LinearResponse of(Moments baseline, double meanResponse) {
        if (Double.isInfinite(baseline.mean())) {
            return new LinearResponse(Double.NaN, Double.NaN, meanResponse, true);
        }
        double slope = baseline.mean() * meanResponse - baseline.secondMoment() / 2.0;
        double threshold = baseline.secondMoment() / (2.0 * baseline.mean());
        return new LinearResponse(slope, threshold, meanResponse, false);
    }

    /**
     * True when rare kicks shorten the mean time to target; false also when the data cannot say.
     * Against a baseline that never passes, any kick with a finite response helps.
     */
    public boolean helps() {
        return baselineNeverPasses ? Double.isFinite(meanResponse) : meanResponse < threshold;
    }
}
