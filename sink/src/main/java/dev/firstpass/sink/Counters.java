package dev.firstpass.sink;

import java.util.concurrent.atomic.AtomicLong;

/** The sink thread's running counts, read from any thread through {@link #snapshot()}. */
final class Counters {

    final AtomicLong recordsRead = new AtomicLong();
    final AtomicLong pointsWritten = new AtomicLong();
    final AtomicLong writes = new AtomicLong();
    final AtomicLong writeFailures = new AtomicLong();
    final AtomicLong pointsRejected = new AtomicLong();
    final AtomicLong valuesLeftOut = new AtomicLong();
    final AtomicLong recordsUnreadable = new AtomicLong();
    final AtomicLong acksWithoutCommand = new AtomicLong();
    final AtomicLong commitFailures = new AtomicLong();
    private volatile int pointsWaiting;
    private volatile boolean retrying;
    private volatile String lastError;

    void waiting(int points, boolean retry) {
        pointsWaiting = points;
        retrying = retry;
    }

    void failed(String error) {
        lastError = error;
    }

    SinkCounters snapshot() {
        return new SinkCounters(recordsRead.get(), pointsWritten.get(), writes.get(), writeFailures.get(),
                pointsRejected.get(), valuesLeftOut.get(), recordsUnreadable.get(), acksWithoutCommand.get(),
                commitFailures.get(), pointsWaiting, retrying, lastError);
    }
}
