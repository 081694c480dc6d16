package dev.firstpass.monitor.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.core.protocol.ProtocolJson;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MonitorHttpServerTest {

    private static final FptStats STATS = new FptStats("e/1", "baseline", "test_acc", 0.8, "max", 8, 3,
            List.of(1.0, 0.5), null, null, 1.5, false, true, null, null, null, List.of(), null, null, null, false,
            "waiting for at least 8 baseline runs (have 3)", Instant.parse("2025-02-06T12:00:05Z"));

    private final HttpClient client = HttpClient.newHttpClient();
    private MonitorHttpServer server;
    private boolean available = true;

    private final MonitorQueries queries = new MonitorQueries() {
        @Override
        public List<ExperimentSummary> experiments() {
            check();
            return List.of(new ExperimentSummary("e/1", 8), new ExperimentSummary("e2", 0));
        }

        @Override
        public Optional<ExperimentView> experiment(String experiment) {
            check();
            return experiment.equals("e/1") ? Optional.of(new ExperimentView("e/1", 8, 120, true, List.of(STATS)))
                    : Optional.empty();
        }

        private void check() {
            if (!available) {
                throw new QueriesUnavailableException("the monitor's stores cannot be queried now: rebalancing", null);
            }
        }
    };

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        if (server == null) {
            server = MonitorHttpServer.start(queries, new InetSocketAddress("127.0.0.1", 0));
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void listsExperimentsWithTheirRunCounts() throws Exception {
        HttpResponse<String> response = send("GET", "/experiments");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(response.body()).isEqualTo("[{\"experiment\":\"e/1\",\"runs\":8},{\"experiment\":\"e2\",\"runs\":0}]");
    }

    @Test
    void showsAnExperimentsLatestStatisticsInTheirPublishedForm() throws Exception {
        HttpResponse<String> response = send("GET", "/experiments/e%2F1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"experiment\":\"e/1\",\"runs\":8,\"epochs\":120,\"pending\":true,\"stats\":["
                + ProtocolJson.write(STATS) + "]}");
    }

    @Test
    void anUnknownExperimentIsNotFoundWithAJsonError() throws Exception {
        HttpResponse<String> response = send("GET", "/experiments/nope");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"error\":\"unknown experiment 'nope'\"}");
    }

    @Test
    void onlyGetIsAllowed() throws Exception {
        HttpResponse<String> response = send("POST", "/experiments");

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET");
        assertThat(response.body()).isEqualTo("{\"error\":\"method not allowed: POST\"}");
    }

    @Test
    void storesThatCannotBeReadNowGiveServiceUnavailable() throws Exception {
        available = false;

        HttpResponse<String> response = send("GET", "/experiments");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body())
                .isEqualTo("{\"error\":\"the monitor's stores cannot be queried now: rebalancing\"}");
    }
}
