package dev.firstpass.trainer.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatefulOptimizerTest {

    @Test
    void plainSgdStepsByRateTimesGradient() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weight = manager.create(new float[] {1f, 2f});
            NDArray grad = manager.create(new float[] {0.5f, -1f});
            StatefulOptimizer sgd = OptimizerSpec.sgd(0.1).newOptimizer();

            sgd.update("w", weight, grad);

            assertThat(weight.toFloatArray()).containsExactly(1f - 0.1f * 0.5f, 2f + 0.1f);
            assertThat(sgd.hasState()).isFalse();
        }
    }

    @Test
    void momentumStateSurvivesExportAndImportAndIsGoneAfterReset() {
        try (NDManager manager = NDManager.newBaseManager()) {
            StatefulOptimizer original = OptimizerSpec.sgdWithMomentum(0.1, 0.9).newOptimizer();
            StatefulOptimizer restored = OptimizerSpec.sgdWithMomentum(0.1, 0.9).newOptimizer();
            NDArray a = manager.create(new float[] {1f, 2f});
            NDArray b = manager.create(new float[] {1f, 2f});
            original.update("id-a", a, manager.create(new float[] {1f, 1f}));
            b.set(a.toFloatArray());

            NDList saved = original.exportState(Map.of("layer_weight", "id-a"), manager);
            restored.importState(saved, Map.of("layer_weight", "id-b"), manager);
            original.update("id-a", a, manager.create(new float[] {1f, 1f}));
            restored.update("id-b", b, manager.create(new float[] {1f, 1f}));

            assertThat(saved).extracting(NDArray::getName).containsExactly("layer_weight#0", "layer_weight#steps");
            assertThat(b.toFloatArray()).containsExactly(a.toFloatArray());
            original.resetState();
            assertThat(original.hasState()).isFalse();
        }
    }
}
