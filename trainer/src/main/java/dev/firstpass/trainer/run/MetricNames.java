package dev.firstpass.trainer.run;

import java.util.List;

/** The names of the metrics a run reports after each epoch, in the order it reports them. */
public final class MetricNames {

    /** Mean cross-entropy over the epoch's training batches (computed as they were trained). */
    public static final String TRAIN_LOSS = "train_loss";
    /** Fraction of training samples classified correctly during the epoch. */
    public static final String TRAIN_ACCURACY = "train_accuracy";
    /** Mean cross-entropy on the held-out test samples after the epoch. */
    public static final String TEST_LOSS = "test_loss";
    /** Fraction of held-out test samples classified correctly after the epoch. */
    public static final String TEST_ACCURACY = "test_accuracy";
    /** The learning rate the epoch trained with. */
    public static final String LEARNING_RATE = "learning_rate";
    /** Wall time of the epoch (training and evaluation), in seconds. */
    public static final String EPOCH_SECONDS = "epoch_seconds";

    /** All of them, in reporting order; also the header of a recorded CSV. */
    public static final List<String> ALL = List.of(TRAIN_LOSS, TRAIN_ACCURACY, TEST_LOSS, TEST_ACCURACY,
            LEARNING_RATE, EPOCH_SECONDS);

    private MetricNames() {
    }
}
