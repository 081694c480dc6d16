package dev.firstpass.sink;

import java.util.TreeMap;

/**
 * How far one partition is read, and which of its records are still to be written: the committable
 * offset never passes a record whose points are not in InfluxDB yet (at-least-once).
 */
final class PartitionProgress {

    // Offsets of records whose points are buffered or waiting, with how many entries hold each.
    private final TreeMap<Long, Integer> outstanding = new TreeMap<>();
    private long next = -1;
    private long committed = -1;

    /** A record at {@code offset} was read. */
    void read(long offset) {
        next = Math.max(next, offset + 1);
    }

    /** The record at {@code offset} has points not written yet. */
    void hold(long offset) {
        outstanding.merge(offset, 1, Integer::sum);
    }

    /** The points of the record at {@code offset} are written (or will never be). */
    void release(long offset) {
        outstanding.computeIfPresent(offset, (key, count) -> count == 1 ? null : count - 1);
    }

    /** The offset to commit: the first record not written yet, else the one after the last read. */
    long committable() {
        return outstanding.isEmpty() ? next : outstanding.firstKey();
    }

    /** Whether there is progress to commit. */
    boolean advanced() {
        return committable() > committed && committable() >= 0;
    }

    void committed(long offset) {
        committed = Math.max(committed, offset);
    }
}
