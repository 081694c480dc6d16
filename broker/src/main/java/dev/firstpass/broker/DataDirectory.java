package dev.firstpass.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/** The broker's log and metadata directory: created and formatted once, reused on every later start. */
final class DataDirectory {

    /** Written by the formatter; its presence means the directory belongs to a cluster already. */
    private static final String META_PROPERTIES = "meta.properties";

    private DataDirectory() {
    }

    /** Creates {@code dir} if needed and formats it unless an earlier start already did. */
    static void prepare(Path dir) {
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
                .setControllerListenerName(ServerProperties.CONTROLLER_LISTENER);
        try {
            formatter.run();
        } catch (Exception e) {
            throw new BrokerStartException("cannot format the broker data dir " + dir + ": " + e.getMessage(), e);
        }
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
