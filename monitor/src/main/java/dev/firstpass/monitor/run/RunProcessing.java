package dev.firstpass.monitor.run;

import dev.firstpass.monitor.input.RunInput;
import java.time.Clock;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

/** The per-run step of the monitor: run state, first passages, plateau and stall detection. */
public final class RunProcessing {

    private RunProcessing() {
    }

    /**
     * The processor that keeps {@link RunState} in the key-value store {@code storeName} (keyed by run
     * id) and each run's epochs in {@code epochsStoreName} (keyed by {@link RunEpochKey}), reading the
     * time from {@code clock}.
     */
    public static ProcessorSupplier<String, RunInput, String, RunOutput> processor(String storeName,
            String epochsStoreName, RunRules rules, Clock clock) {
        return () -> new RunStateProcessor(storeName, epochsStoreName, rules, clock);
    }
}
