package dev.firstpass.sink;

/**
 * What the sink has done so far, as one consistent-enough snapshot for status lines and tests.
 *
 * @param recordsRead Kafka records read, of every topic
 * @param pointsWritten points InfluxDB accepted
 * @param writes successful write requests
 * @param writeFailures write attempts that failed and will be retried (server down, slow, refusing access)
 * @param pointsRejected points InfluxDB refused outright (malformed, field type conflict); logged and skipped
 * @param valuesLeftOut values left out of points because InfluxDB would refuse them (NaN, infinities)
 * @param recordsUnreadable records that are not valid messages; logged and skipped
 * @param acksWithoutCommand acks written without their command's kind because the command was not found
 * @param commitFailures offset commits that failed; the records are written again after a restart
 * @param pointsWaiting points read but not written yet (buffered, or waiting for a retry or a command)
 * @param retrying whether the sink is waiting to retry a failed write, its partitions paused
 * @param lastError the last failure, or null when there was none
 */
public record SinkCounters(long recordsRead, long pointsWritten, long writes, long writeFailures,
        long pointsRejected, long valuesLeftOut, long recordsUnreadable, long acksWithoutCommand,
        long commitFailures, int pointsWaiting, boolean retrying, String lastError) {
}
