package dev.firstpass.core.fpt.qss;

import java.util.Arrays;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/** Two-sample Kolmogorov-Smirnov test on finite values, the building block of QSS detection. */
final class DistributionTest {
    private final KolmogorovSmirnovTest test = new KolmogorovSmirnovTest();
    private final double alpha;

    DistributionTest(double alpha) {
        this.alpha = alpha;
    }

    /** True when the two samples are distinguishable at level alpha. */
    boolean differ(double[] a, double[] b) {
        return pValue(a, b) < alpha;
    }

    double pValue(double[] a, double[] b) {
        double[] x = finite(a);
        double[] y = finite(b);
        if (x.length == 0 || y.length == 0) {
            return Double.NaN;
        }
        return test.kolmogorovSmirnovTest(x, y);
    }

    private static double[] finite(double[] values) {
        return Arrays.stream(values).filter(Double::isFinite).toArray();
    }
}
