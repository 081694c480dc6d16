package dev.firstpass.cli.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.firstpass.core.protocol.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code firstpass broker} serves the FirstPass topics on the address it prints and stops when interrupted. */
class BrokerCommandTest {

    static {
        // Kafka logs thousands of INFO lines per start; set before the first logger is created.
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }

    private static final Pattern READY = Pattern.compile(
            "Kafka broker ready at (127\\.0\\.0\\.1:(\\d+)) \\(data in (.+)\\); Ctrl-C stops it");

    @TempDir
    Path dataDir;

    @Test
    void servesFirstPassTopicsOnThePrintedAddressUntilInterrupted() throws Exception {
        StringWriter output = new StringWriter();
        AtomicInteger exitCode = new AtomicInteger(-1);
        Thread command = new Thread(() -> exitCode.set(new CommandLine(new BrokerCommand())
                .setOut(new PrintWriter(output, true))
                .execute("--port", "0", "--data-dir", dataDir.toString(), "--partitions", "2")));
        command.start();

        Matcher ready = awaitReadyLine(output, command);
        String bootstrap = ready.group(1);
        int port = Integer.parseInt(ready.group(2));
        assertThat(port).isPositive();
        assertThat(ready.group(3)).isEqualTo(dataDir.toString());

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<String, TopicDescription> topics = admin.describeTopics(Topics.all()).allTopicNames().get();
            assertThat(topics.keySet()).containsExactlyInAnyOrderElementsOf(Topics.all());
            assertThat(topics.values()).allSatisfy(t -> assertThat(t.partitions()).hasSize(2));
        }
        assertThat(roundTrip(bootstrap)).isEqualTo("run-1=epoch-1");

        command.interrupt();
        command.join(Duration.ofSeconds(30).toMillis());

        assertThat(command.isAlive()).isFalse();
        assertThat(exitCode.get()).isZero();
        assertThat(output.toString()).endsWith("Kafka broker stopped" + System.lineSeparator());
        assertThat(portIsFree(port)).isTrue();
    }

    private static Matcher awaitReadyLine(StringWriter output, Thread command) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && command.isAlive()) {
            Matcher matcher = READY.matcher(output.toString());
            if (matcher.find()) {
                return matcher;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no ready line; output so far: " + output);
    }

    private static String roundTrip(String bootstrap) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>(Topics.EPOCH_EVENTS, 0, "run-1", "epoch-1")).get();
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            TopicPartition partition = new TopicPartition(Topics.EPOCH_EVENTS, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    return record.key() + "=" + record.value();
                }
            }
        }
        return "nothing consumed";
    }

    private static boolean portIsFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
