package dev.firstpass.trainer.publish;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The records a run has handed over but Kafka has not yet confirmed, in the order they were handed
 * over: a bounded queue in memory, and behind it a spool file for what does not fit.
 *
 * <p>Order holds because everything in memory is older than everything in the spool: a record goes to
 * memory only while the spool is empty, and memory refills from the front of the spool.
 */
final class Outbox {

    private final int capacity;
    private final ArrayDeque<OutboundRecord> memory = new ArrayDeque<>();
    private final SpoolFile spool;
    private long spooled;

    Outbox(int capacity, SpoolFile spool) {
        this.capacity = capacity;
        this.spool = spool;
    }

    /** Queues a record; never blocks on Kafka. */
    synchronized void add(OutboundRecord record) {
        if (spool.isEmpty() && memory.size() < capacity) {
            memory.addLast(record);
        } else {
            spool.append(record);
            spooled++;
        }
        notifyAll();
    }

    /**
     * Up to {@code max} of the oldest records, left in place until {@link #removeOldest} confirms them;
     * waits up to {@code timeoutMs} for one to arrive.
     */
    synchronized List<OutboundRecord> oldest(int max, long timeoutMs) throws InterruptedException {
        refill();
        if (memory.isEmpty() && timeoutMs > 0) {
            wait(timeoutMs);
            refill();
        }
        List<OutboundRecord> head = new ArrayList<>(Math.min(max, memory.size()));
        Iterator<OutboundRecord> it = memory.iterator();
        while (head.size() < max && it.hasNext()) {
            head.add(it.next());
        }
        return head;
    }

    /** Drops the {@code count} oldest records, which Kafka has confirmed. */
    synchronized void removeOldest(int count) {
        for (int i = 0; i < count; i++) {
            memory.removeFirst();
        }
        refill();
        notifyAll();
    }

    /** Records not yet confirmed, in memory and spooled. */
    synchronized int size() {
        return memory.size() + spool.pending();
    }

    /** Records that went to the spool file since this outbox was created. */
    synchronized long spooledCount() {
        return spooled;
    }

    /** Waits until every record is confirmed or {@code timeoutMs} has passed; true when empty. */
    synchronized boolean awaitEmpty(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (size() > 0) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /** Moves what is still in memory to the front of the spool, so a later process sends it first. */
    synchronized void spoolEverything() {
        spool.prepend(new ArrayList<>(memory));
        memory.clear();
    }

    private void refill() {
        if (memory.size() < capacity && !spool.isEmpty()) {
            memory.addAll(spool.take(capacity - memory.size()));
        }
    }
}
