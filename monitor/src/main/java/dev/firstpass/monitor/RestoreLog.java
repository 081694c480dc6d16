package dev.firstpass.monitor;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says what a monitor rebuilt from its changelogs on start, so an operator (and a test) can tell a
 * monitor that took over restored state from one that starts from nothing.
 */
final class RestoreLog implements StateRestoreListener {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreLog.class);

    @Override
    public void onRestoreStart(TopicPartition changelog, String store, long startingOffset, long endingOffset) {
        // The end says what was restored; the start would only double the lines.
    }

    @Override
    public void onBatchRestored(TopicPartition changelog, String store, long batchEndOffset, long restored) {
        // Batches are an implementation detail of the restore.
    }

    @Override
    public void onRestoreEnd(TopicPartition changelog, String store, long totalRestored) {
        LOG.info("store {} restored {} records from changelog {}", store, totalRestored, changelog);
    }
}
