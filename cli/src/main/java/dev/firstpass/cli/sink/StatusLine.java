package dev.firstpass.cli.sink;

import dev.firstpass.sink.SinkCounters;

/** The sink's counters in one line, for the periodic status and the status file. */
final class StatusLine {

    private StatusLine() {
    }

    static String of(SinkCounters counters) {
        StringBuilder line = new StringBuilder()
                .append(counters.recordsRead()).append(" records read, ")
                .append(counters.pointsWritten()).append(" points written in ").append(counters.writes())
                .append(" writes, ").append(counters.pointsWaiting()).append(" waiting; ")
                .append(counters.writeFailures()).append(" failed writes, ")
                .append(counters.pointsRejected()).append(" points refused, ")
                .append(counters.valuesLeftOut()).append(" non-finite values left out, ")
                .append(counters.recordsUnreadable()).append(" unreadable records");
        if (counters.retrying()) {
            line.append("; InfluxDB is failing, retrying with backoff: ").append(counters.lastError());
        }
        return line.toString();
    }
}
