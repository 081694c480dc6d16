package dev.firstpass.trainer.checkpoint;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.firstpass.trainer.model.NetworkParameters;
import dev.firstpass.trainer.optimize.StatefulOptimizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The checkpoints of one run: one folder per saved epoch holding the parameters, the optimizer state
 * and a {@link CheckpointState}, written to a temporary folder and renamed into place, so a run killed
 * while saving leaves the previous checkpoint intact.
 */
public final class CheckpointStore {

    static final String PARAMETERS = "parameters.ndlist";
    static final String OPTIMIZER = "optimizer.ndlist";
    static final String STATE = "state.json";
    private static final String PREFIX = "epoch-";
    private static final String TEMPORARY = ".partial";
    private static final int KEPT = 2;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private final Path folder;

    CheckpointStore(Path folder) {
        this.folder = folder;
    }

    /** Saves a checkpoint after {@code state.epoch()} and keeps only the latest two. */
    public void save(CheckpointState state, NetworkParameters parameters, StatefulOptimizer optimizer,
            NDManager manager) {
        Path target = folder.resolve(String.format("%s%06d", PREFIX, state.epoch()));
        Path partial = folder.resolve(target.getFileName() + TEMPORARY);
        try (NDManager scratch = manager.newSubManager()) {
            deleteTree(partial);
            Files.createDirectories(partial);
            write(partial.resolve(PARAMETERS), parameters.export(scratch));
            NDList optimizerState = optimizer.exportState(parameters.idsByName(), scratch);
            // An optimizer right after a reset has no state; DJL cannot decode an empty list, so none is written.
            if (!optimizerState.isEmpty()) {
                write(partial.resolve(OPTIMIZER), optimizerState);
            }
            JSON.writeValue(partial.resolve(STATE).toFile(), state);
            deleteTree(target);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            prune();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save checkpoint " + target, e);
        }
    }

    /** The state of the latest complete checkpoint, if any. */
    public Optional<CheckpointState> latest() {
        return latestFolder().map(CheckpointStore::readState);
    }

    /** Loads parameters and optimizer state of the checkpoint after {@code epoch} into the given run. */
    public void restore(int epoch, NetworkParameters parameters, StatefulOptimizer optimizer, NDManager owner) {
        Path source = folder.resolve(String.format("%s%06d", PREFIX, epoch));
        try (NDManager scratch = owner.newSubManager()) {
            parameters.restore(read(source.resolve(PARAMETERS), scratch));
            Path optimizerFile = source.resolve(OPTIMIZER);
            if (Files.exists(optimizerFile)) {
                optimizer.importState(read(optimizerFile, scratch), parameters.idsByName(), owner);
            } else {
                optimizer.resetState();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore checkpoint " + source, e);
        }
    }

    private Optional<Path> latestFolder() {
        return checkpoints().stream().max(Comparator.naturalOrder());
    }

    private List<Path> checkpoints() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> listing = Files.list(folder)) {
            return listing.filter(Files::isDirectory)
                    .filter(p -> p.getFileName().toString().startsWith(PREFIX))
                    .filter(p -> !p.getFileName().toString().endsWith(TEMPORARY))
                    .filter(p -> Files.isRegularFile(p.resolve(STATE)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + folder, e);
        }
    }

    private void prune() throws IOException {
        List<Path> all = checkpoints();
        for (int i = 0; i < all.size() - KEPT; i++) {
            deleteTree(all.get(i));
        }
    }

    private static CheckpointState readState(Path checkpoint) {
        try {
            return JSON.readValue(checkpoint.resolve(STATE).toFile(), CheckpointState.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + checkpoint, e);
        }
    }

    private static void write(Path file, NDList arrays) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            arrays.encode(out);
        }
    }

    private static NDList read(Path file, NDManager manager) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return NDList.decode(manager, in);
        }
    }

    static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
