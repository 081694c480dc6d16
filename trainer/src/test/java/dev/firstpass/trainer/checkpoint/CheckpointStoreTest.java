package dev.firstpass.trainer.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import dev.firstpass.trainer.model.ModelSpec;
import dev.firstpass.trainer.model.Network;
import dev.firstpass.trainer.optimize.OptimizerSpec;
import dev.firstpass.trainer.optimize.StatefulOptimizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

    @TempDir
    Path dir;

    private static CheckpointState state(int epoch) {
        return new CheckpointState("exp", "exp-s0", epoch, 0, 3, 1, 1, List.of("c1"),
                List.of(Map.of("test_accuracy", 0.5, "test_loss", Double.NaN)), 0.025);
    }

    @Test
    void restoresParametersAndStateOfTheLatestCheckpointAndKeepsTwo() throws Exception {
        RunFolder folder = RunFolder.of(dir, "exp-s0");
        try (Network saved = Network.create(ModelSpec.mlp(3), new Shape(4), 2, Device.cpu(), 1);
             Network loaded = Network.create(ModelSpec.mlp(3), new Shape(4), 2, Device.cpu(), 2)) {
            StatefulOptimizer optimizer = OptimizerSpec.sgd(0.1).newOptimizer();
            for (int epoch = 1; epoch <= 3; epoch++) {
                folder.checkpoints().save(state(epoch), saved.parameters(), optimizer, saved.model().getNDManager());
            }

            CheckpointState latest = folder.checkpoints().latest().orElseThrow();
            folder.checkpoints().restore(latest.epoch(), loaded.parameters(), optimizer,
                    loaded.model().getNDManager());

            assertThat(latest.epoch()).isEqualTo(3);
            assertThat(latest.appliedCommandIds()).containsExactly("c1");
            assertThat(latest.baseLearningRate()).isEqualTo(0.025);
            assertThat(latest.trajectory().get(0).get("test_loss")).isNaN();
            for (String name : saved.parameters().names()) {
                assertThat(loaded.parameters().values(name)).containsExactly(saved.parameters().values(name));
            }
            try (Stream<Path> listing = Files.list(folder.path())) {
                assertThat(listing.map(p -> p.getFileName().toString()).sorted().toList())
                        .containsExactly("epoch-000002", "epoch-000003");
            }
        }
    }

    @Test
    void segmentsCountEveryStartOfTheRun() {
        RunFolder folder = RunFolder.of(dir, "exp-s1");

        assertThat(folder.startSegment()).isZero();
        assertThat(RunFolder.of(dir, "exp-s1").startSegment()).isEqualTo(1);
        assertThat(RunFolder.of(dir, "exp-s1").startSegment()).isEqualTo(2);
    }
}
