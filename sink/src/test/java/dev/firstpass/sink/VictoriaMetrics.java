package dev.firstpass.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A VictoriaMetrics server for tests: it accepts InfluxDB's write API and gives the points back through
 * {@code /api/v1/export}, field F of measurement M as metric {@code M_F}, tags as labels.
 *
 * <p>Started from Debian's {@code /usr/bin/victoria-metrics} on 127.0.0.1, a free port and a data
 * directory of the test's; stop and start again keep both, as an outage would.
 */
final class VictoriaMetrics implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/victoria-metrics");
    static final String MISSING = "VictoriaMetrics is not installed (" + BINARY
            + "); install it with: apt-get install -y victoria-metrics";

    /** One exported series: its labels (with {@code __name__}) and its samples, times in milliseconds. */
    record Series(Map<String, String> labels, List<Double> values, List<Long> timestamps) {

        String name() {
            return labels.get("__name__");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dataDir;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    private VictoriaMetrics(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    static VictoriaMetrics start(Path dataDir) throws IOException, InterruptedException {
        VictoriaMetrics server = new VictoriaMetrics(dataDir, freePort());
        server.start();
        return server;
    }

    /** The base URL, e.g. http://127.0.0.1:41234. */
    String url() {
        return "http://127.0.0.1:" + port;
    }

    void start() throws IOException, InterruptedException {
        Files.createDirectories(dataDir);
        process = new ProcessBuilder(BINARY.toString(),
                "-httpListenAddr=127.0.0.1:" + port,
                "-storageDataPath=" + dataDir,
                // Test data carries fixed times, which the default one-month retention would refuse.
                "-retentionPeriod=100y",
                "-loggerLevel=ERROR")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile()))
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("victoria-metrics exited with " + process.exitValue());
            }
            if (healthy()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("victoria-metrics did not report healthy within 20 s on " + url());
    }

    void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        process = null;
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every series whose metric name matches {@code nameRegex}, with all their samples. */
    List<Series> export(String nameRegex) throws IOException, InterruptedException {
        // Ingested rows become searchable after seconds of buffering; this makes them searchable now.
        http.send(HttpRequest.newBuilder(URI.create(url() + "/internal/force_flush")).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.discarding());
        String match = URLEncoder.encode("{__name__=~\"" + nameRegex + "\"}", StandardCharsets.UTF_8);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url() + "/api/v1/export?match[]="
                + match)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("export answered " + response.statusCode() + ": " + response.body());
        }
        List<Series> series = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = JSON.readTree(line);
            Map<String, String> labels = new LinkedHashMap<>();
            node.get("metric").properties().forEach(label -> labels.put(label.getKey(), label.getValue().asText()));
            List<Double> values = new ArrayList<>();
            node.get("values").forEach(value -> values.add(value.asDouble()));
            List<Long> timestamps = new ArrayList<>();
            node.get("timestamps").forEach(value -> timestamps.add(value.asLong()));
            series.add(new Series(labels, values, timestamps));
        }
        return series;
    }

    private boolean healthy() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url() + "/health"))
                    .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
