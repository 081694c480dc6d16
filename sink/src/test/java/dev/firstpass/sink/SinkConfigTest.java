package dev.firstpass.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firstpass.core.settings.Problem;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SinkConfigTest {

    private static Map<String, String> minimal() {
        Map<String, String> values = new HashMap<>();
        values.put("bootstrap.servers", "kafka:9092");
        values.put("influx.token", "secret-token");
        return values;
    }

    @Test
    void fillsStatedDefaults() {
        SinkConfig config = new SinkConfig(minimal()).validate();

        assertThat(config.groupId()).isEqualTo("firstpass-sink");
        assertThat(config.url()).isEqualTo("http://localhost:8086");
        assertThat(config.org()).isEqualTo("firstpass");
        assertThat(config.bucket()).isEqualTo("firstpass");
        assertThat(config.token()).isEqualTo("secret-token");
        assertThat(config.batchSize()).isEqualTo(5000);
        assertThat(config.flushInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.backoffInitial()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.backoffMax()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.writeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.ackWait()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.commandsLookback()).isEqualTo(Duration.ofDays(1));
        assertThat(config.topics()).isEqualTo(new SinkTopics("training.metrics.epoch", "training.control.commands",
                "training.control.acks", "training.control.decisions", "training.monitor.fpt_stats",
                "training.monitor.plateau"));
    }

    @Test
    void readsEveryKey() {
        Map<String, String> values = minimal();
        values.put("group.id", "sink-2");
        values.put("influx.url", "https://influx.example:8443");
        values.put("influx.org", "ml");
        values.put("influx.bucket", "runs");
        values.put("batch.size", "100");
        values.put("flush.interval", "250ms");
        values.put("backoff.initial", "100ms");
        values.put("backoff.max", "1s");
        values.put("write.timeout", "2s");
        values.put("ack.wait", "0s");
        values.put("commands.lookback", "0s");
        values.put("topic.epochs", "a");
        values.put("topic.commands", "b");
        values.put("topic.acks", "c");
        values.put("topic.decisions", "d");
        values.put("topic.fpt-stats", "e");
        values.put("topic.plateau", "f");
        values.put("kafka.security.protocol", "SSL");

        SinkConfig config = new SinkConfig(values).validate();

        assertThat(config.groupId()).isEqualTo("sink-2");
        assertThat(config.url()).isEqualTo("https://influx.example:8443");
        assertThat(config.org()).isEqualTo("ml");
        assertThat(config.bucket()).isEqualTo("runs");
        assertThat(config.batchSize()).isEqualTo(100);
        assertThat(config.flushInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.backoffInitial()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.backoffMax()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.writeTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.ackWait()).isZero();
        assertThat(config.commandsLookback()).isZero();
        assertThat(config.topics()).isEqualTo(new SinkTopics("a", "b", "c", "d", "e", "f"));
        assertThat(config.consumerProperties()).containsEntry("security.protocol", "SSL")
                .containsEntry("group.id", "sink-2");
    }

    @Test
    void validateReportsEveryProblemAtOnceNamingTheValueButNeverTheToken() {
        Map<String, String> values = new HashMap<>();
        values.put("influx.url", "influx:8086");
        values.put("influx.token", "  ");
        values.put("influx.bucket", "");
        values.put("batch.size", "0");
        values.put("flush.interval", "soon");
        values.put("backoff.initial", "2000ms");
        values.put("backoff.max", "1s");
        values.put("topic.acks", "acks topic");
        values.put("topic.decisions", "training.metrics.epoch");
        values.put("batchsize", "10");

        SinkConfig config = new SinkConfig(values);

        assertThat(config.problems()).extracting(Problem::message).containsExactly(
                "unknown configuration key 'batchsize' (known: ack.wait, backoff.initial, backoff.max, batch.size,"
                        + " bootstrap.servers, commands.lookback, flush.interval, group.id, influx.bucket,"
                        + " influx.org, influx.token, influx.url, sasl.mechanism, sasl.password, sasl.password.file,"
                        + " sasl.username, security.protocol, ssl.key.password, ssl.keystore.location,"
                        + " ssl.keystore.password, ssl.keystore.type, ssl.truststore.location, ssl.truststore.password,"
                        + " ssl.truststore.type, topic.acks, topic.commands, topic.decisions,"
                        + " topic.epochs, topic.fpt-stats, topic.plateau, write.timeout, and kafka.<name> for the"
                        + " Kafka consumer)",
                "influx.url must be an http or https URL such as http://influxdb:8086: 'influx:8086'",
                "influx.bucket must not be blank: ''",
                "influx.token must not be blank",
                "batch.size must be at least 1: '0'",
                "flush.interval must be a whole number with a unit ms, s, m or h, e.g. 30s or 10m: 'soon'",
                "backoff.max must be at least backoff.initial (2000ms): 1000ms",
                "topic.acks must be a Kafka topic name (letters, digits, '.', '_', '-'; at most 249): 'acks topic'",
                "topic.* must name six different topics: training.metrics.epoch, training.control.commands,"
                        + " training.control.acks, training.metrics.epoch, training.monitor.fpt_stats,"
                        + " training.monitor.plateau");
        assertThat(config.problems().toString()).doesNotContain("secret");
        assertThatThrownBy(config::validate).isInstanceOf(SinkConfigException.class)
                .hasMessageStartingWith("invalid sink configuration: unknown configuration key 'batchsize'")
                .satisfies(e -> assertThat(((SinkConfigException) e).problems()).hasSize(9));
    }

    @Test
    void bootstrapServersMustBeHostPortPairs() {
        Map<String, String> values = minimal();
        values.put("bootstrap.servers", "kafka:9092,broker2");

        assertThat(new SinkConfig(values).problems()).extracting(Problem::message).containsExactly(
                "bootstrap.servers must be host:port pairs separated by commas, such as kafka:9092: 'kafka:9092,broker2'");
        values.put("bootstrap.servers", "kafka-1:9092, 10.0.0.7:9094");
        assertThat(new SinkConfig(values).problems()).isEmpty();
    }

    @Test
    void theTokenIsRequired() {
        Map<String, String> values = minimal();
        values.remove("influx.token");

        assertThat(new SinkConfig(values).problems()).containsExactly(Problem.of("influx.token", null, "is required"));
    }

    @Test
    void consumerCommitsByHandReadsCommittedRecordsAndAssignsByRange() {
        Map<String, Object> props = new SinkConfig(minimal()).consumerProperties();

        assertThat(props).containsEntry("bootstrap.servers", "kafka:9092")
                .containsEntry("group.id", "firstpass-sink")
                .containsEntry("enable.auto.commit", "false")
                .containsEntry("auto.offset.reset", "earliest")
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("partition.assignment.strategy", "org.apache.kafka.clients.consumer.RangeAssignor");
    }

    @Test
    void securitySettingsReachTheConsumerBeforeTheKafkaOverrides() {
        Map<String, String> values = minimal();
        values.put("security.protocol", "SASL_PLAINTEXT");
        values.put("sasl.username", "sink");
        values.put("sasl.password", "s-pw");
        values.put("kafka.sasl.mechanism", "SCRAM-SHA-256");

        Map<String, Object> props = new SinkConfig(values).validate().consumerProperties();

        assertThat(props).containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-256")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"sink\" password=\"s-pw\";");
        assertThat(new SinkConfig(minimal()).consumerProperties()).doesNotContainKeys("security.protocol",
                "sasl.mechanism", "sasl.jaas.config");
    }
}
