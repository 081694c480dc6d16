package dev.firstpass.trainer.perturb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PerturbationMathTest {

    private static final long SEED = 99;
    private TinyNetwork tiny;
    private Map<String, float[]> before;

    @BeforeEach
    void createNetwork() {
        tiny = new TinyNetwork();
        before = tiny.parameters().snapshot();
    }

    @AfterEach
    void closeNetwork() {
        tiny.close();
    }

    @Test
    void tinyNetworkHasTheExpectedLearnedParameters() {
        assertThat(tiny.parameters().trainable())
                .containsExactly("02Linear_weight", "02Linear_bias", "04Linear_weight", "04Linear_bias");
        assertThat(tiny.parameters().weights()).containsExactly("02Linear_weight", "04Linear_weight");
        assertThat(tiny.parameters().count(tiny.parameters().trainable())).isEqualTo(12 + 3 + 6 + 2);
    }

    @Test
    void shrinkPerturbSetsEveryParameterToPointFourOldPlusPointOneFreshAndResetsOptimizer() {
        Perturbations.shrinkPerturb().apply(tiny, SEED);

        Map<String, float[]> fresh = tiny.parameters().fresh(SEED);
        for (String name : tiny.parameters().trainable()) {
            float[] now = tiny.parameters().values(name);
            for (int i = 0; i < now.length; i++) {
                assertThat(now[i]).as("%s[%d]", name, i)
                        .isEqualTo((float) (0.4 * before.get(name)[i] + 0.1 * fresh.get(name)[i]));
            }
        }
        assertThat(tiny.optimizerResets).isEqualTo(1);
        assertThat(tiny.scheduleRestarts).isZero();
    }

    @Test
    void freshWeightsOfAKickAreANewDrawNotTheInitialWeights() {
        float[] fresh = tiny.parameters().fresh(SEED).get("02Linear_weight");

        assertThat(fresh).isNotEqualTo(before.get("02Linear_weight"));
        assertThat(fresh).containsExactly(tiny.parameters().fresh(SEED).get("02Linear_weight"));
    }

    @Test
    void partialResetRedrawsExactlyTheRoundedFractionOfSmallestMagnitudeWeightsPerTensor() {
        Perturbations.partialReset(0.25).apply(tiny, SEED);

        Map<String, float[]> fresh = tiny.parameters().fresh(SEED);
        // 12 weights: round(3.0) = 3 re-drawn; 6 weights: round(1.5) = 2 re-drawn.
        assertPartialReset("02Linear_weight", 3, fresh);
        assertPartialReset("04Linear_weight", 2, fresh);
        assertThat(tiny.parameters().values("02Linear_bias")).containsExactly(before.get("02Linear_bias"));
        assertThat(tiny.parameters().values("04Linear_bias")).containsExactly(before.get("04Linear_bias"));
        assertThat(tiny.optimizerResets).isZero();
    }

    private void assertPartialReset(String name, int expectedCount, Map<String, float[]> fresh) {
        float[] old = before.get(name);
        float[] now = tiny.parameters().values(name);
        List<Integer> smallest = smallestMagnitudeIndices(old, expectedCount);
        List<Integer> changed = new ArrayList<>();
        for (int i = 0; i < now.length; i++) {
            if (now[i] != old[i]) {
                changed.add(i);
                assertThat(now[i]).as("%s[%d] re-drawn", name, i).isEqualTo(fresh.get(name)[i]);
            }
        }
        assertThat(changed).containsExactlyInAnyOrderElementsOf(smallest);
    }

    private static List<Integer> smallestMagnitudeIndices(float[] values, int count) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(Math.abs(values[a]), Math.abs(values[b])));
        return Arrays.asList(order).subList(0, count);
    }

    @Test
    void smallestMagnitudesBreakTiesByPosition() {
        float[] values = {0.5f, -0.1f, 0.1f, -0.5f, 0f};

        assertThat(PartialReset.smallestMagnitudes(values, 3)).containsExactly(4, 1, 2);
    }

    @Test
    void fullResetSetsEveryParameterToTheFreshDrawAndRestartsOptimizerAndSchedule() {
        Perturbations.fullReset().apply(tiny, SEED);

        Map<String, float[]> fresh = tiny.parameters().fresh(SEED);
        for (String name : tiny.parameters().names()) {
            assertThat(tiny.parameters().values(name)).as(name).containsExactly(fresh.get(name));
        }
        assertThat(tiny.optimizerResets).isEqualTo(1);
        assertThat(tiny.scheduleRestarts).isEqualTo(1);
    }

    @Test
    void weightNoiseAddsSigmaTimesStandardNormalDrawsInParameterOrder() {
        Perturbations.weightNoise(0.05).apply(tiny, SEED);

        SplittableRandom random = new SplittableRandom(SEED);
        for (String name : tiny.parameters().trainable()) {
            float[] now = tiny.parameters().values(name);
            for (int i = 0; i < now.length; i++) {
                assertThat(now[i]).as("%s[%d]", name, i)
                        .isEqualTo((float) (before.get(name)[i] + 0.05 * random.nextGaussian()));
            }
        }
        assertThat(tiny.optimizerResets).isZero();
    }

    @Test
    void warmRestartKeepsWeightsAndRestartsScheduleAndOptimizer() {
        Perturbations.warmRestart().apply(tiny, SEED);

        for (String name : tiny.parameters().names()) {
            assertThat(tiny.parameters().values(name)).containsExactly(before.get(name));
        }
        assertThat(tiny.optimizerResets).isEqualTo(1);
        assertThat(tiny.scheduleRestarts).isEqualTo(1);
    }
}
