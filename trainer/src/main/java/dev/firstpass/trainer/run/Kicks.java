package dev.firstpass.trainer.run;

import dev.firstpass.trainer.Seeds;
import dev.firstpass.trainer.model.Network;
import dev.firstpass.trainer.model.NetworkParameters;
import dev.firstpass.trainer.optimize.StatefulOptimizer;
import dev.firstpass.trainer.perturb.Perturbation;
import dev.firstpass.trainer.perturb.PerturbationTarget;

/**
 * Applies a kick to a run's network and optimizer, counts it, and tells the run listeners; the seed of
 * each kick is drawn from the run's seed and the kicks before it.
 */
final class Kicks {

    private final JobSettings settings;
    private final RunProgress progress;
    private final Network network;
    private final StatefulOptimizer optimizer;

    Kicks(JobSettings settings, RunProgress progress, Network network, StatefulOptimizer optimizer) {
        this.settings = settings;
        this.progress = progress;
        this.network = network;
        this.optimizer = optimizer;
    }

    void kick(Perturbation perturbation, String reason) {
        perturbation.apply(target(), Seeds.derive(settings.seed(), Seeds.KICK, progress.kicks()));
        int applied = progress.countKick();
        RunEvent.PerturbationApplied event = new RunEvent.PerturbationApplied(settings.runId(), progress.epoch(),
                perturbation.describe(), reason, applied);
        settings.listeners().forEach(listener -> listener.onPerturbation(event));
    }

    private PerturbationTarget target() {
        return new PerturbationTarget() {
            @Override
            public NetworkParameters parameters() {
                return network.parameters();
            }

            @Override
            public void resetOptimizerState() {
                optimizer.resetState();
            }

            @Override
            public void restartLearningRateSchedule() {
                progress.restartCycle();
            }

            @Override
            public void redrawSearch(long drawSeed) {
                if (settings.search() != null) {
                    progress.setBaseRate(settings.search().draw(Seeds.derive(drawSeed, Seeds.SEARCH, 0)));
                }
            }
        };
    }
}
