package dev.firstpass.trainer.run;

import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.trainer.command.CommandDesk;
import dev.firstpass.trainer.publish.EventSink;
import java.util.Map;

/** Hands each epoch's event to the run's publisher (Kafka, or nowhere offline). */
final class EpochPublisher implements BoundaryListener {

    private final JobSettings settings;
    private final RunProgress progress;
    private final EventSink sink;
    private final CommandDesk desk;

    /** {@code desk} may be null: a run that takes no commands keeps the arm it was started with. */
    EpochPublisher(JobSettings settings, RunProgress progress, EventSink sink, CommandDesk desk) {
        this.settings = settings;
        this.progress = progress;
        this.sink = sink;
        this.desk = desk;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> metrics) {
        sink.epoch(new EpochEvent(settings.experiment(), settings.runId(), currentArm(), epoch, progress.segment(),
                settings.clock().instant(), metrics, progress.kicks(), settings.hyperparams()));
    }

    /** The arm a controller command assigned, else the one the run was started with. */
    private String currentArm() {
        return desk == null ? settings.arm() : desk.assignedArm().orElse(settings.arm());
    }
}
