package dev.firstpass.core.fpt.qss;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.core.fpt.trajectory.Trajectory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RelaxationTest {

    @Test
    void relaxationEndsWhereTheKickDropIsNoLongerVisible() {
        // Kicks every 20 epochs drop the metric by 10 exp(-(s - 1) / 1.5) at offset s: 0.05 at s = 9,
        // 0.013 at s = 11, below what 200 periods with spread 0.5 can resolve.
        Relaxation relaxation = Relaxation.detect(kickedRuns(40, 120, 20, 10.0), 20, QssSettings.defaults());
        assertThat(relaxation.tRel()).isBetween(5, 10);
        assertThat(relaxation.resolved()).isTrue();
        assertThat(relaxation.periods()).isEqualTo(40 * 5);
        assertThat(relaxation.explanation())
                .isEqualTo("relaxed " + relaxation.tRel() + " epochs after a kick (200 post-kick periods)");
    }

    @Test
    void aProbeStillRelaxingAtItsNextKickIsUnresolved() {
        Relaxation relaxation = Relaxation.detect(kickedRuns(40, 120, 4, 10.0), 4, QssSettings.defaults());
        assertThat(relaxation.tRel()).isEqualTo(4);
        assertThat(relaxation.resolved()).isFalse();
    }

    @Test
    void tooFewObservedPeriodsLeaveTheRelaxationUnresolvedAndSayWhy() {
        Relaxation relaxation = Relaxation.detect(kickedRuns(1, 50, 20, 10.0), 20, QssSettings.defaults());
        assertThat(relaxation.resolved()).isFalse();
        assertThat(relaxation.explanation())
                .isEqualTo("relaxation after kicks needs at least 8 observed post-kick periods of 20 epochs: 1");
    }

    private static List<Trajectory> kickedRuns(int count, int epochs, int period, double drop) {
        SplittableRandom random = new SplittableRandom(5);
        List<Trajectory> runs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double level = 50.0 + 0.5 * random.nextGaussian();
            double[] values = new double[epochs];
            for (int epoch = 1; epoch <= epochs; epoch++) {
                int sinceKick = epoch > period ? (epoch - 1) % period + 1 : 0;
                double kickDrop = sinceKick > 0 ? drop * Math.exp(-(sinceKick - 1) / 1.5) : 0.0;
                values[epoch - 1] = level - kickDrop + 0.05 * random.nextGaussian();
            }
            runs.add(Trajectory.ofEpochValues("run-" + i, values));
        }
        return runs;
    }
}
