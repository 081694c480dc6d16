package dev.firstpass.sink;

import java.util.List;

/** Sends lines of line protocol to a server, one call one request. */
interface PointWriter extends AutoCloseable {

    /**
     * Writes {@code lines}, or throws.
     *
     * @throws WriteException when the server did not accept them
     */
    void write(List<String> lines);

    /** Where the points go, for messages, e.g. "http://influxdb:8086 bucket firstpass (org firstpass)". */
    String target();

    @Override
    void close();
}
