package dev.firstpass.trainer.optimize;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which optimizer a run uses and its base learning rate; builds a fresh optimizer (with empty state)
 * whenever a run starts or a perturbation re-creates the optimizer state.
 */
public sealed interface OptimizerSpec permits OptimizerSpec.Sgd, OptimizerSpec.Adam {

    double learningRate();

    /** A new optimizer with no state. */
    StatefulOptimizer newOptimizer();

    /** The settings as text, for run configs. */
    Map<String, String> describe();

    /** Plain SGD. */
    static OptimizerSpec sgd(double learningRate) {
        return new Sgd(learningRate, 0);
    }

    /** SGD with (heavy-ball) momentum. */
    static OptimizerSpec sgdWithMomentum(double learningRate, double momentum) {
        return new Sgd(learningRate, momentum);
    }

    /** Adam with beta1 0.9, beta2 0.999, epsilon 1e-8. */
    static OptimizerSpec adam(double learningRate) {
        return new Adam(learningRate);
    }

    /** SGD; momentum 0 means plain SGD. */
    record Sgd(double learningRate, double momentum) implements OptimizerSpec {
        public Sgd {
            List<String> problems = new ArrayList<>();
            checkRate(problems, learningRate);
            if (!(momentum >= 0 && momentum < 1)) {
                problems.add("momentum must be in [0, 1): " + momentum);
            }
            throwIfAny(problems);
        }

        @Override
        public StatefulOptimizer newOptimizer() {
            return new SgdOptimizer((float) learningRate, (float) momentum);
        }

        @Override
        public Map<String, String> describe() {
            return Map.of("optimizer", "sgd", "learning_rate", Double.toString(learningRate), "momentum",
                    Double.toString(momentum));
        }
    }

    /** Adam. */
    record Adam(double learningRate) implements OptimizerSpec {
        public Adam {
            List<String> problems = new ArrayList<>();
            checkRate(problems, learningRate);
            throwIfAny(problems);
        }

        @Override
        public StatefulOptimizer newOptimizer() {
            return new AdamOptimizer((float) learningRate);
        }

        @Override
        public Map<String, String> describe() {
            return Map.of("optimizer", "adam", "learning_rate", Double.toString(learningRate));
        }
    }

    private static void checkRate(List<String> problems, double learningRate) {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            problems.add("learning rate must be greater than 0: " + learningRate);
        }
    }

    private static void throwIfAny(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }
}
