package dev.firstpass.trainer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.firstpass.broker.BrokerSettings;
import dev.firstpass.broker.EmbeddedKafkaBroker;
import dev.firstpass.core.kafka.KafkaSecurity;
import dev.firstpass.core.kafka.KafkaSecurity.Mechanism;
import dev.firstpass.core.kafka.KafkaSecurity.StoreType;
import dev.firstpass.core.protocol.EpochEvent;
import dev.firstpass.core.protocol.ProtocolJson;
import dev.firstpass.core.protocol.Topics;
import dev.firstpass.core.settings.Secret;
import dev.firstpass.trainer.publish.KafkaSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SCRAM over TLS (SASL_SSL) on the in-process broker, with a self-signed certificate made by the JDK's
 * keytool: KafkaSecurity's truststore settings, PKCS12 and PEM, reach a real TLS handshake.
 */
class TlsKafkaRunTest {

    private static final String STORE_PASSWORD = "broker-store-secret";
    private static EmbeddedKafkaBroker broker;
    private static Path truststore;
    private static Path certificate;

    @TempDir
    static Path stores;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBrokerWithASelfSignedCertificate() throws Exception {
        Path keystore = stores.resolve("broker.p12");
        certificate = stores.resolve("broker.pem");
        truststore = stores.resolve("truststore.p12");
        // Clients check the host they dial, so the certificate names 127.0.0.1 as an IP address.
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=firstpass-test-broker", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "broker", "-keystore", keystore.toString(),
                "-storepass", STORE_PASSWORD, "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "broker", "-file", certificate.toString(),
                "-storetype", "PKCS12", "-keystore", truststore.toString(), "-storepass", "trust-secret");
        broker = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral()
                .withAutoCreateTopics(false)
                .withScramUser("trainer", "trainer-secret")
                .withScramUser("monitor", "monitor-secret")
                .withTlsKeystore(keystore, STORE_PASSWORD));
        broker.createTopics(Map.of(Topics.EPOCH_EVENTS, 1, Topics.RUN_LIFECYCLE, 1));
        List<AclBinding> acls = new ArrayList<>();
        for (String topic : List.of(Topics.EPOCH_EVENTS, Topics.RUN_LIFECYCLE)) {
            acls.add(allow("User:trainer", topic, AclOperation.WRITE));
            acls.add(allow("User:monitor", topic, AclOperation.READ));
        }
        broker.createAcls(acls);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static AclBinding allow(String principal, String topic, AclOperation operation) {
        return new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    @Test
    void aTrainerPublishesOverScramAndTlsTrustingAPkcs12StoreAndTheMonitorReadsTrustingAPemFile() {
        KafkaSecurity trainer = KafkaSecurity.scram(Mechanism.SCRAM_SHA_512, "trainer", Secret.of("trainer-secret"))
                .overTls().withTruststore(truststore, Secret.of("trust-secret"), StoreType.PKCS12);
        KafkaSecurity monitor = KafkaSecurity.scram(Mechanism.SCRAM_SHA_256, "monitor", Secret.of("monitor-secret"))
                .overTls().withTruststore(certificate, null, StoreType.PEM);
        KafkaSettings kafka = KafkaSettings.at(broker.bootstrapServers()).withSpoolDir(dir).withSecurity(trainer);

        RunOutcome outcome = TinyJobs.builder("tls").optEpochs(2).optKafka(kafka).build().run();

        assertThat(outcome.reason()).isEqualTo(EndReason.COMPLETED);
        assertThat(TopicReader.values(broker.bootstrapServers(), monitor.clientProperties(), Topics.EPOCH_EVENTS,
                "tls-s0", 2).stream().map(ProtocolJson::parseEpochEvent).map(EpochEvent::epoch)).containsExactly(1, 2);
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateFailsTheHandshake() {
        // No truststore: the JVM's certificate authorities, which never signed the test certificate.
        KafkaSecurity untrusting = KafkaSecurity.scram(Mechanism.SCRAM_SHA_512, "trainer", Secret.of("trainer-secret"))
                .overTls();
        Throwable refused;
        try (KafkaProducer<String, byte[]> producer =
                TopicReader.producer(broker.bootstrapServers(), untrusting.clientProperties())) {
            refused = catchThrowable(() -> producer.send(new ProducerRecord<>(Topics.EPOCH_EVENTS, "tls-s1",
                    new byte[0])).get(30, TimeUnit.SECONDS));
        }

        assertThat(refused instanceof ExecutionException ? refused.getCause() : refused)
                .isInstanceOf(SslAuthenticationException.class);
    }
}
