package dev.firstpass.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.metadata.UserScramCredentialRecord;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.ApiMessageAndVersion;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * The broker's log and metadata directory: created and formatted once, reused on every later start. A
 * secured broker's SCRAM users are written into the metadata by the formatting, so they exist from the
 * broker's first moment and no client can race their creation.
 */
final class DataDirectory {

    /** Written by the formatter; its presence means the directory belongs to a cluster already. */
    private static final String META_PROPERTIES = "meta.properties";

    private DataDirectory() {
    }

    /** Kafka's default and the least either SCRAM mechanism accepts. */
    private static final int SCRAM_ITERATIONS = 4096;

    /** Creates {@code dir} if needed and formats it, with {@code users}' credentials, unless an earlier start did. */
    static void prepare(Path dir, List<ScramUser> users) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new BrokerStartException("cannot create the broker data dir " + dir + ": " + e, e);
        }
        if (!Files.isWritable(dir)) {
            throw new BrokerStartException("the broker data dir is not writable: " + dir);
        }
        if (Files.exists(dir.resolve(META_PROPERTIES))) {
            return;
        }
        Formatter formatter = new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(ServerProperties.NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(dir.toString()))
                .setMetadataLogDirectory(dir.toString())
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setControllerListenerName(ServerProperties.CONTROLLER_LISTENER)
                .setAdditionalBootstrapRecords(scramRecords(users));
        try {
            formatter.run();
        } catch (Exception e) {
            throw new BrokerStartException("cannot format the broker data dir " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * SHA-256 and SHA-512 credentials of every user, as the metadata records Kafka's own
     * {@code kafka-storage format --add-scram} writes; built here because that option's text form cannot
     * carry a password with a comma in it.
     */
    private static List<ApiMessageAndVersion> scramRecords(List<ScramUser> users) {
        List<ApiMessageAndVersion> records = new ArrayList<>();
        for (ScramUser user : users) {
            for (ScramMechanism mechanism : List.of(ScramMechanism.SCRAM_SHA_256, ScramMechanism.SCRAM_SHA_512)) {
                ScramCredential credential;
                try {
                    credential = new ScramFormatter(mechanism).generateCredential(user.password(), SCRAM_ITERATIONS);
                } catch (NoSuchAlgorithmException e) {
                    throw new BrokerStartException("this JVM lacks " + mechanism.hashAlgorithm() + " for "
                            + mechanism.mechanismName() + ": " + e.getMessage(), e);
                }
                records.add(new ApiMessageAndVersion(new UserScramCredentialRecord()
                        .setName(user.name())
                        .setMechanism(mechanism.type())
                        .setSalt(credential.salt())
                        .setStoredKey(credential.storedKey())
                        .setServerKey(credential.serverKey())
                        .setIterations(credential.iterations()), (short) 0));
            }
        }
        return records;
    }

    /** Deletes {@code dir} and everything below it; a missing directory is fine. */
    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the broker data dir " + dir, e);
        }
    }
}
