package dev.firstpass.trainer.run;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class EpochMetricsTest {

    @Test
    void weighsEachBatchLossBySizeCountsHitsAndStartsEachEpochFromZero() {
        try (NDManager manager = NDManager.newBaseManager()) {
            EpochMetrics metrics = new EpochMetrics(manager);
            // Predicted classes 0 and 1 against labels 0 and 2: one hit; then class 2 against 2: a hit.
            metrics.addTraining(manager.create(0.5f), scores(manager, new float[] {2, 1, 0, 0, 3, 1}, 2),
                    manager.create(new long[] {0, 2}));
            metrics.addTraining(manager.create(2.0f), scores(manager, new float[] {0, 0, 5}, 1),
                    manager.create(new long[] {2}));

            EpochMetrics.Totals first = metrics.endEpoch();

            // (0.5 * 2 + 2.0 * 1) / 3 samples; 2 hits of 3. No test batch: no test means.
            assertThat(first.trainLoss()).isEqualTo(1.0);
            assertThat(first.trainAccuracy()).isEqualTo(2.0 / 3);
            assertThat(first.testLoss()).isNaN();
            assertThat(first.testAccuracy()).isNaN();

            metrics.addTest(manager.create(0.25f), scores(manager, new float[] {1, 0}, 1),
                    manager.create(new long[] {1}));
            EpochMetrics.Totals second = metrics.endEpoch();

            assertThat(second.trainLoss()).isNaN();
            assertThat(second.testLoss()).isEqualTo(0.25);
            assertThat(second.testAccuracy()).isEqualTo(0.0);
        }
    }

    @Test
    void anEpochWhoseLossWentNanLeavesTheNextEpochsSumsClean() {
        try (NDManager manager = NDManager.newBaseManager()) {
            EpochMetrics metrics = new EpochMetrics(manager);
            metrics.addTraining(manager.create(Float.NaN), scores(manager, new float[] {1, 0}, 1),
                    manager.create(new long[] {0}));
            assertThat(metrics.endEpoch().trainLoss()).isNaN();

            metrics.addTraining(manager.create(0.75f), scores(manager, new float[] {1, 0}, 1),
                    manager.create(new long[] {0}));

            EpochMetrics.Totals next = metrics.endEpoch();
            assertThat(next.trainLoss()).isEqualTo(0.75);
            assertThat(next.trainAccuracy()).isEqualTo(1.0);
        }
    }

    private static NDArray scores(NDManager manager, float[] values, int rows) {
        return manager.create(values, new Shape(rows, values.length / rows));
    }
}
