package dev.firstpass.core.fpt.analysis;

import dev.firstpass.core.fpt.trajectory.Direction;
import dev.firstpass.core.protocol.PerturbationKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What one analysis looks at: the baseline arm, the probe arm measured at one period (not needed for
 * full resets, whose prediction rests on the baseline alone), and other arms whose measured MFPT the
 * predictions are compared with.
 */
public record ExperimentInput(String metric, Direction direction, PerturbationKind kind,
                              Arm baseline, Optional<Arm> probe, List<Arm> comparisons) {

    public ExperimentInput {
        if (baseline.period().isPresent()) {
            throw new IllegalArgumentException("the baseline arm '" + baseline.name() + "' must be unperturbed");
        }
        if (probe.isPresent() && probe.get().period().isEmpty()) {
            throw new IllegalArgumentException("the probe arm '" + probe.get().name() + "' needs its kick period");
        }
        if (kind != PerturbationKind.FULL_RESET && probe.isEmpty()) {
            throw new IllegalArgumentException("predicting " + kind.name().toLowerCase(Locale.ROOT)
                    + " needs a probe arm measured at one period; only full resets can be predicted from the baseline alone");
        }
        for (Arm arm : comparisons) {
            if (arm.period().isEmpty()) {
                throw new IllegalArgumentException("comparison arm '" + arm.name() + "' needs its kick period");
            }
        }
        comparisons = List.copyOf(comparisons);
    }

    public int probePeriod() {
        return probe.map(arm -> arm.period().getAsInt()).orElse(0);
    }

    /** Every arm: the baseline, the probe if any, then the comparison arms. */
    public List<Arm> allArms() {
        List<Arm> arms = new ArrayList<>();
        arms.add(baseline);
        probe.ifPresent(arms::add);
        arms.addAll(comparisons);
        return arms;
    }
}
