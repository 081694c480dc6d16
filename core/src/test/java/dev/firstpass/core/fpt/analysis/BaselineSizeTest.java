package dev.firstpass.core.fpt.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.core.fpt.qss.EnsembleQss;
import dev.firstpass.core.fpt.qss.QssSettings;
import dev.firstpass.core.fpt.trajectory.Trajectory;
import dev.firstpass.core.recording.RecordingFiles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The controller observes the baseline with 4 runs (docs/controller.md): on each development-set baseline,
 * t_QSS detected as a live monitor would, on runs truncated to every tenth epoch until the first detection,
 * has the same median from 4 runs as from 8.
 */
class BaselineSizeTest {
    private static final int DRAWS = 200;

    @ParameterizedTest
    @CsvSource({"cifar100/ResNet18Momentum, test_ACC", "cifar100/ResNet18_No_Momentum, test_ACC",
            "fc_with_adam, test_ssim"})
    void fourBaselineRunsPlaceTheSteadyStateWhereEightDo(String experiment, String metric) {
        List<Trajectory> baseline = RecordingFiles.readArm(DevelopmentSet.root().resolve(experiment)
                .resolve("reg_training"), metric);

        int[] fromFour = detections(baseline, 4);
        int[] fromEight = detections(baseline, 8);
        System.out.printf("%s: t_QSS median [10th, 90th percentile] from 4 runs %s, from 8 runs %s%n", experiment,
                spread(fromFour), spread(fromEight));

        assertThat(fromFour[DRAWS / 2]).as("median t_QSS from 4 runs against 8 runs (%d)", fromEight[DRAWS / 2])
                .isBetween(fromEight[DRAWS / 2] - 1, fromEight[DRAWS / 2] + 1);
    }

    private static String spread(int[] sorted) {
        return sorted[DRAWS / 2] + " [" + sorted[DRAWS / 10] + ", " + sorted[DRAWS * 9 / 10] + "]";
    }

    /** The t_QSS of {@code runs} runs drawn at random, detected as their epochs arrive, in ascending order. */
    private static int[] detections(List<Trajectory> baseline, int runs) {
        Random random = new Random(11);
        int[] detected = new int[DRAWS];
        for (int i = 0; i < DRAWS; i++) {
            List<Trajectory> shuffled = new ArrayList<>(baseline);
            Collections.shuffle(shuffled, random);
            detected[i] = firstDetection(shuffled.subList(0, runs));
        }
        Arrays.sort(detected);
        return detected;
    }

    private static int firstDetection(List<Trajectory> runs) {
        int epochs = runs.stream().mapToInt(Trajectory::epochs).min().orElseThrow();
        QssSettings settings = new QssSettings(QssSettings.DEFAULT_ALPHA, QssSettings.DEFAULT_WINDOW, runs.size());
        for (int seen = 10; seen <= epochs; seen += 10) {
            int upTo = seen;
            List<Trajectory> sofar = runs.stream()
                    .map(run -> Trajectory.ofEpochValues(run.runId(), Arrays.copyOf(run.values(), upTo))).toList();
            EnsembleQss.Detection detection = EnsembleQss.detect(sofar, settings);
            if (detection.detected()) {
                return detection.tQss().getAsInt();
            }
        }
        return Integer.MAX_VALUE;
    }
}
