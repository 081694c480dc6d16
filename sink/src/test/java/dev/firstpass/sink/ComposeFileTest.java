package dev.firstpass.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml is a valid compose file with the services and start order the deployment needs,
 * as Debian's docker-compose 1.29 reads it ({@code docker-compose config}, which needs no Docker engine).
 */
class ComposeFileTest {

    /** docker-compose on the PATH, or null. */
    private static final Path DOCKER_COMPOSE = Arrays.stream(System.getenv().getOrDefault("PATH", "")
            .split(File.pathSeparator)).map(dir -> Path.of(dir, "docker-compose")).filter(Files::isExecutable)
            .findFirst().orElse(null);

    private static String compose(String... args) throws IOException, InterruptedException {
        Path root = RepositoryFiles.root();
        List<String> command = new ArrayList<>(List.of(DOCKER_COMPOSE.toString(), "--project-directory",
                root.toString(), "--env-file", root.resolve(".env.example").toString(), "-f",
                root.resolve("docker-compose.yml").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    @Test
    void dockerComposeAcceptsTheFileWithTheExampleEnvironment() throws Exception {
        assumeTrue(DOCKER_COMPOSE != null,
                "docker-compose is not installed; install it with: apt-get install -y docker-compose");

        assertThat(compose("config", "--services").lines().toList())
                .containsExactlyInAnyOrder("kafka", "kafka-init", "influxdb", "monitor", "controller", "sink", "trainer",
                        "kafka-secured", "kafka-secured-init", "monitor-secured", "controller-secured", "sink-secured",
                        "trainer-secured");
        String config = compose("--profile", "trainer", "config");
        assertThat(config)
                .contains("condition: service_healthy")
                .contains("condition: service_completed_successfully")
                .contains("DOCKER_INFLUXDB_INIT_MODE: setup")
                .contains("FIRSTPASS_INFLUX_URL: http://influxdb:8086")
                .contains("EXTERNAL://localhost:9094")
                .contains("/docker-entrypoint-initdb.d/apply-dashboard.sh")
                .contains("FIRSTPASS_CONTROLLER_TARGET: '0.85'");
    }

    @Test
    void theSecuredProfileRunsAScramBrokerWithAclsAndEveryServiceAsItsOwnUser() throws Exception {
        assumeTrue(DOCKER_COMPOSE != null,
                "docker-compose is not installed; install it with: apt-get install -y docker-compose");

        String config = compose("--profile", "secured", "--profile", "secured-trainer", "config");

        assertThat(config)
                .contains("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: INTERNAL:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT,"
                        + "EXTERNAL:SASL_PLAINTEXT")
                .contains("KAFKA_AUTHORIZER_CLASS_NAME: org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .contains("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND: \"false\"")
                .contains("EXTERNAL://localhost:9096")
                .contains("/opt/firstpass/secure-cluster.sh")
                .contains("FIRSTPASS_KAFKA_SECURITY_PROTOCOL: SASL_PLAINTEXT");
        for (String user : List.of("monitor", "controller", "sink", "trainer")) {
            assertThat(config).contains("FIRSTPASS_KAFKA_SASL_USERNAME: " + user)
                    .contains("FIRSTPASS_KAFKA_SASL_PASSWORD: change-me-" + user);
        }
    }

    @Test
    void theFilesTheComposeFileMountsExistAndItsScriptsAreExecutable() {
        Path root = RepositoryFiles.root();
        for (String script : List.of("deploy/influxdb/apply-dashboard.sh", "deploy/kafka/create-topics.sh",
                "deploy/kafka/secured-broker.sh", "deploy/kafka/secure-cluster.sh")) {
            assertThat(root.resolve(script)).isExecutable();
        }
        assertThat(root.resolve("deploy/influxdb/firstpass-dashboard.json")).isRegularFile();
        assertThat(root.resolve("Dockerfile")).isRegularFile();
        assertThat(root.resolve(".env.example")).isRegularFile();
    }
}
