package dev.firstpass.sink;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import com.influxdb.client.WriteApiBlocking;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.exceptions.InfluxException;
import java.util.List;
import okhttp3.OkHttpClient;

/**
 * Writes through the InfluxDB client's blocking write API (InfluxDB 2's {@code /api/v2/write}), with
 * nanosecond precision; batching and retries are the sink's own, so that Kafka offsets are committed
 * exactly when a write has succeeded.
 */
final class InfluxPointWriter implements PointWriter {

    private final InfluxDBClient client;
    private final WriteApiBlocking writes;
    private final String bucket;
    private final String org;
    private final String target;

    private InfluxPointWriter(InfluxDBClient client, String bucket, String org, String target) {
        this.client = client;
        this.writes = client.getWriteApiBlocking();
        this.bucket = bucket;
        this.org = org;
        this.target = target;
    }

    /** A writer for the configured server; nothing is sent until the first write. */
    static InfluxPointWriter connect(SinkConfig config) {
        // The client would otherwise wait its own 10 s defaults and retry by itself, hiding failures from
        // the sink's backoff.
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectTimeout(config.writeTimeout())
                .writeTimeout(config.writeTimeout())
                .readTimeout(config.writeTimeout())
                .retryOnConnectionFailure(false);
        InfluxDBClientOptions options = InfluxDBClientOptions.builder()
                .url(config.url())
                .authenticateToken(config.token().toCharArray())
                .org(config.org())
                .bucket(config.bucket())
                .okHttpClient(http)
                .build();
        return new InfluxPointWriter(InfluxDBClientFactory.create(options), config.bucket(), config.org(),
                config.url() + " bucket " + config.bucket() + " (org " + config.org() + ")");
    }

    @Override
    public void write(List<String> lines) {
        try {
            writes.writeRecords(bucket, org, WritePrecision.NS, lines);
        } catch (InfluxException e) {
            String message = e.status() == 0
                    ? "no answer from " + target + ": " + (e.getCause() == null ? e.getMessage() : e.getCause())
                    : "HTTP " + e.status() + " from " + target + ": " + e.getMessage();
            throw new WriteException(e.status(), message, e);
        }
    }

    @Override
    public String target() {
        return target;
    }

    @Override
    public void close() {
        client.close();
    }
}
