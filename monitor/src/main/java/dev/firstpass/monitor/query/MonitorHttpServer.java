package dev.firstpass.monitor.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.firstpass.core.protocol.FptStats;
import dev.firstpass.core.protocol.ProtocolJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers HTTP queries about experiments from {@link MonitorQueries}, in JSON.
 *
 * <ul>
 *   <li>{@code GET /experiments}: {@code [{"experiment":"e1","runs":60}, ...]}</li>
 *   <li>{@code GET /experiments/{id}}:
 *       {@code {"experiment":"e1","runs":60,"epochs":1200,"pending":false,"stats":[<fpt stats>, ...]}},
 *       each element in the published FPT stats form; 404 with {@code {"error":...}} when unknown</li>
 * </ul>
 * Other methods get 405; stores that cannot be read right now give 503.
 */
public final class MonitorHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MonitorHttpServer.class);
    private static final String PREFIX = "/experiments";
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final MonitorQueries queries;

    private MonitorHttpServer(HttpServer server, MonitorQueries queries) {
        this.server = server;
        this.queries = queries;
    }

    /** Starts serving on {@code address}; port 0 picks a free port (see {@link #port()}). */
    public static MonitorHttpServer start(MonitorQueries queries, InetSocketAddress address) {
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for queries on " + address, e);
        }
        MonitorHttpServer http = new MonitorHttpServer(server, queries);
        server.createContext(PREFIX, http::handle);
        server.start();
        return http;
    }

    /** The port actually listened on. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                respond(exchange, 405, error("method not allowed: " + exchange.getRequestMethod()));
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            String rest = path.substring(PREFIX.length());
            if (rest.isEmpty() || rest.equals("/")) {
                respond(exchange, 200, list());
            } else if (rest.startsWith("/")) {
                String id = URLDecoder.decode(rest.substring(1), StandardCharsets.UTF_8);
                Optional<ExperimentView> view = queries.experiment(id);
                if (view.isPresent()) {
                    respond(exchange, 200, view(view.get()));
                } else {
                    respond(exchange, 404, error("unknown experiment '" + id + "'"));
                }
            } else {
                respond(exchange, 404, error("no such resource: " + path));
            }
        } catch (QueriesUnavailableException e) {
            respond(exchange, 503, error(e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("query {} failed", exchange.getRequestURI(), e);
            respond(exchange, 500, error("query failed: " + e));
        } finally {
            exchange.close();
        }
    }

    private String list() throws JsonProcessingException {
        ArrayNode list = JSON.createArrayNode();
        for (ExperimentSummary summary : queries.experiments()) {
            list.addObject().put("experiment", summary.experiment()).put("runs", summary.runs());
        }
        return JSON.writeValueAsString(list);
    }

    private static String view(ExperimentView view) throws JsonProcessingException {
        ObjectNode root = JSON.createObjectNode();
        root.put("experiment", view.experiment());
        root.put("runs", view.runs());
        root.put("epochs", view.epochs());
        root.put("pending", view.pending());
        ArrayNode stats = root.putArray("stats");
        for (FptStats record : view.stats()) {
            stats.add(JSON.readTree(ProtocolJson.write(record)));
        }
        return JSON.writeValueAsString(root);
    }

    private static String error(String message) {
        return JSON.createObjectNode().put("error", message).toString();
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
