package dev.firstpass.controller.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.controller.loop.PlateauProcess;
import dev.firstpass.core.protocol.FptStats;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The first-group rule against ground truth: first-passage times simulated from {@link PlateauProcess},
 * whose exact MFPT is known at every period, and which is skewed (a run passes after one kick or after
 * several), the case a handful of runs understates.
 */
class FirstGroupTest {

    private static final int TRIALS = 2000;

    /**
     * A candidate 11% worse than the best value (tau 4: exact MFPT 17.2, against 15.5 at tau 6), judged on 4
     * runs with a reference probe of 8 runs at tau 10. A settled "better" adopts it wrongly. The nominal rate is
     * at most 2.5%; measured here 3.3%, because in a skewed sample a low mean comes with a low spread. Judged by
     * the group's own spread alone, the rate is about 7.5%; the bound of 5% catches that.
     */
    @Test
    void aWorseCandidateIsRarelySettledAsBetter() {
        SplittableRandom seeds = new SplittableRandom(7);
        double best = PlateauProcess.exactMfpt(6);
        int wronglyBetter = 0;
        for (int i = 0; i < TRIALS; i++) {
            FptStats reference = stats("probe-10", passages(10, 8, seeds));
            FptStats candidate = stats("probe-4", passages(4, 4, seeds));
            if (FirstGroup.judge(candidate, reference, best).settles() && candidate.mfpt() < best) {
                wronglyBetter++;
            }
        }
        assertThat(PlateauProcess.exactMfpt(4)).isGreaterThan(1.1 * best);
        assertThat((double) wronglyBetter / TRIALS).isLessThanOrEqualTo(0.05);
    }

    /**
     * A candidate 44% better (tau 7: 15.3 against 27.3 at tau 20) is settled as better from its first 4 runs in
     * about a third of the trials on this noisy process; the others get the second group.
     */
    @Test
    void aMuchBetterCandidateIsOftenSettledFromItsFirstGroup() {
        SplittableRandom seeds = new SplittableRandom(11);
        double best = PlateauProcess.exactMfpt(20);
        int settledBetter = 0;
        int settledWorse = 0;
        for (int i = 0; i < TRIALS; i++) {
            FptStats reference = stats("probe-20", passages(20, 8, seeds));
            FptStats candidate = stats("probe-7", passages(7, 4, seeds));
            if (FirstGroup.judge(candidate, reference, best).settles()) {
                if (candidate.mfpt() < best) {
                    settledBetter++;
                } else {
                    settledWorse++;
                }
            }
        }
        assertThat((double) settledBetter / TRIALS).isGreaterThan(0.25);
        assertThat((double) settledWorse / TRIALS).isLessThanOrEqualTo(0.01);
    }

    /** First-passage times of {@code runs} runs kicked every {@code tau} epochs. */
    private static int[] passages(int tau, int runs, SplittableRandom seeds) {
        return IntStream.range(0, runs).map(i -> PlateauProcess.passage(seeds.nextLong(), tau)).toArray();
    }

    /** The monitor's record of an arm whose runs all passed, after the epochs given. */
    private static FptStats stats(String arm, int[] passages) {
        return new FptStats("simulated", arm, "metric", PlateauProcess.TARGET, FptStats.MAX, passages.length, 0,
                PolicyFixture.survivalOf(passages), 5, 0.0, IntStream.of(passages).average().orElseThrow(), false,
                false, null, null, null, List.of(), null, null, null, false, "simulated", Instant.EPOCH);
    }
}
