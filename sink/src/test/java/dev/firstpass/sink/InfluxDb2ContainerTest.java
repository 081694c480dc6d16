package dev.firstpass.sink;

import static dev.firstpass.sink.SinkRecords.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.query.FluxRecord;
import com.influxdb.query.FluxTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * Against a real InfluxDB 2.7 (where Docker runs): the sink's points are accepted and read back with
 * Flux, a changed field type is refused as content (so the sink skips that point rather than retrying
 * forever), and the dashboard template applies and its queries run. Skipped where there is no Docker.
 */
@Testcontainers(disabledWithoutDocker = true)
class InfluxDb2ContainerTest {

    private static final String TOKEN = "firstpass-test-token";

    @org.testcontainers.junit.jupiter.Container
    private static final GenericContainer<?> INFLUXDB = new GenericContainer<>(DockerImageName.parse("influxdb:2.7"))
            .withExposedPorts(8086)
            .withEnv("DOCKER_INFLUXDB_INIT_MODE", "setup")
            .withEnv("DOCKER_INFLUXDB_INIT_USERNAME", "firstpass")
            .withEnv("DOCKER_INFLUXDB_INIT_PASSWORD", "firstpass-password")
            .withEnv("DOCKER_INFLUXDB_INIT_ORG", "firstpass")
            .withEnv("DOCKER_INFLUXDB_INIT_BUCKET", "firstpass")
            .withEnv("DOCKER_INFLUXDB_INIT_ADMIN_TOKEN", TOKEN)
            .withCopyFileToContainer(MountableFile.forHostPath(RepositoryFiles.dashboardTemplate()),
                    "/etc/firstpass/firstpass-dashboard.json")
            .waitingFor(Wait.forHttp("/health").forPort(8086).forStatusCode(200));

    private static String url() {
        return "http://" + INFLUXDB.getHost() + ":" + INFLUXDB.getMappedPort(8086);
    }

    private static SinkConfig config() {
        return new SinkConfig(Map.of(SinkConfig.BOOTSTRAP_SERVERS.key(), "unused:9092", SinkConfig.INFLUX_URL.key(), url(),
                SinkConfig.INFLUX_TOKEN.key(), TOKEN)).validate();
    }

    private static List<FluxRecord> query(InfluxDBClient client, String flux) {
        List<FluxRecord> records = new ArrayList<>();
        for (FluxTable table : client.getQueryApi().query(flux, "firstpass")) {
            records.addAll(table.getRecords());
        }
        return records;
    }

    @Test
    void pointsAreAcceptedAndReadBackWithTheirTagsAndTimes() {
        List<String> lines = new ArrayList<>();
        EpochPoints.of(SinkRecords.epoch("c100 sweep", "seed,3", "tau=20", 12, T, 0.871)).map(Line::text)
                .ifPresent(lines::add);
        StatsPoints.of(SinkRecords.stats("tau 5", T)).forEach(line -> lines.add(line.text()));
        try (InfluxPointWriter writer = InfluxPointWriter.connect(config());
                InfluxDBClient client = InfluxDBClientFactory.create(url(), TOKEN.toCharArray(), "firstpass")) {
            writer.write(lines);

            List<FluxRecord> epoch = query(client, "from(bucket: \"firstpass\") |> range(start: 2025-01-01T00:00:00Z)"
                    + " |> filter(fn: (r) => r._measurement == \"training_epoch\" and r._field == \"test_acc\")");
            assertThat(epoch).singleElement().satisfies(record -> {
                assertThat(record.getValue()).isEqualTo(0.871);
                assertThat(record.getTime()).isEqualTo(T.plusSeconds(0));
                assertThat(record.getValueByKey("run_id")).isEqualTo("seed,3");
                assertThat(record.getValueByKey("experiment")).isEqualTo("c100 sweep");
                assertThat(record.getValueByKey("arm")).isEqualTo("tau=20");
            });
            List<FluxRecord> survival = query(client, "from(bucket: \"firstpass\") |> range(start: 2025-01-01T00:00:00Z)"
                    + " |> filter(fn: (r) => r._measurement == \"fpt_survival\")");
            assertThat(survival).extracting(FluxRecord::getValue).containsExactlyInAnyOrder(1.0, 0.75, 0.5);
        }
    }

    @Test
    void aFieldWhoseTypeChangesIsRefusedAsContent() {
        try (InfluxPointWriter writer = InfluxPointWriter.connect(config())) {
            writer.write(List.of("type_check value=1i 1738843200000000000"));

            assertThatThrownBy(() -> writer.write(List.of("type_check value=\"text\" 1738843201000000000")))
                    .isInstanceOfSatisfying(WriteException.class, e -> assertThat(e.contentRefused()).isTrue());
        }
    }

    @Test
    void theDashboardTemplateAppliesAndItsQueriesRun() throws Exception {
        Container.ExecResult applied = INFLUXDB.execInContainer("influx", "apply", "--host", "http://localhost:8086",
                "--org", "firstpass", "--token", TOKEN, "--file", "/etc/firstpass/firstpass-dashboard.json",
                "--force", "yes");
        assertThat(applied.getExitCode()).as(applied.getStdout() + applied.getStderr()).isZero();

        JsonNode template = new ObjectMapper().readTree(RepositoryFiles.dashboardTemplate().toFile());
        try (InfluxDBClient client = InfluxDBClientFactory.create(url(), TOKEN.toCharArray(), "firstpass")) {
            for (JsonNode chart : template.get(template.size() - 1).at("/spec/charts")) {
                for (JsonNode query : chart.path("queries")) {
                    String flux = query.get("query").asText()
                            .replace("v.bucket", "\"firstpass\"")
                            .replace("v.timeRangeStart", "2025-01-01T00:00:00Z")
                            .replace("v.timeRangeStop", "now()")
                            .replace("v.experiment", "\"c100\"")
                            .replace("v.run", "\"r1\"")
                            .replace("v.metric", "\"test_acc\"")
                            .replace("v.target", "\"0.85\"");
                    // Runs without a Flux error; empty results are fine here.
                    client.getQueryApi().query(flux, "firstpass");
                }
            }
        }
    }
}
