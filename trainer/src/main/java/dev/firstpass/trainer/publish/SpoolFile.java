package dev.firstpass.trainer.publish;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A first-in first-out queue of records in a file, for records that did not fit in memory while the
 * brokers were unreachable, and for what was still unsent when a run ended.
 *
 * <p>Records are appended as lines; a side file remembers how far they have been taken, so a new
 * process for the same run continues where the last one stopped. Not thread-safe: {@link Outbox}
 * guards it.
 */
final class SpoolFile {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolFile.class);

    private final Path file;
    private final Path positionFile;
    private long position;
    private int pending;

    SpoolFile(Path file) {
        this.file = file;
        this.positionFile = file.resolveSibling(file.getFileName() + ".pos");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            cutTornLastLine();
            position = Files.exists(positionFile) ? Long.parseLong(Files.readString(positionFile).trim()) : 0;
            pending = Files.exists(file) ? countLinesFrom(position) : 0;
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("spool " + file + " cannot be opened: " + e.getMessage(), e);
        }
        if (pending == 0) {
            clear();
        }
    }

    boolean isEmpty() {
        return pending == 0;
    }

    int pending() {
        return pending;
    }

    Path path() {
        return file;
    }

    void append(OutboundRecord record) {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            out.write(record.toLine());
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to spool " + file, e);
        }
        pending++;
    }

    /** Removes and returns up to {@code max} records from the front. */
    List<OutboundRecord> take(int max) {
        List<OutboundRecord> taken = new ArrayList<>();
        try (BufferedReader in = readerFrom(position)) {
            while (taken.size() < max && pending > 0) {
                String line = in.readLine();
                if (line == null) {
                    break;
                }
                // Lines are ASCII (Base64 and spaces), so characters are bytes.
                position += line.length() + 1;
                pending--;
                parse(line).ifPresent(taken::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read spool " + file, e);
        }
        if (pending == 0) {
            clear();
        } else {
            writePosition();
        }
        return taken;
    }

    /** Puts {@code front} ahead of everything still spooled, in one atomic replacement of the file. */
    void prepend(List<OutboundRecord> front) {
        if (front.isEmpty()) {
            return;
        }
        List<OutboundRecord> rest = pending == 0 ? List.of() : take(pending);
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (BufferedWriter out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            for (OutboundRecord record : front) {
                out.write(record.toLine());
                out.write('\n');
            }
            for (OutboundRecord record : rest) {
                out.write(record.toLine());
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write spool " + temporary, e);
        }
        try {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(positionFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace spool " + file, e);
        }
        position = 0;
        pending = front.size() + rest.size();
    }

    private void clear() {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(positionFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear spool " + file, e);
        }
        position = 0;
    }

    /**
     * A process killed while appending leaves a last line without its newline. The record on it was
     * never confirmed, so its run reports it again after resuming; left in place, the next append would
     * join it and make that record unreadable too.
     */
    private void cutTornLastLine() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long end = channel.size();
            long kept = end;
            ByteBuffer one = ByteBuffer.allocate(1);
            while (kept > 0) {
                one.clear();
                channel.read(one, kept - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                kept--;
            }
            if (kept < end) {
                LOG.warn("spool {}: dropping a last line cut short by a crash ({} bytes)", file, end - kept);
                channel.truncate(kept);
            }
        }
    }

    // Written aside and renamed into place, so a kill mid-write leaves the old position, never a torn one.
    private void writePosition() {
        Path temporary = positionFile.resolveSibling(positionFile.getFileName() + ".tmp");
        try {
            Files.writeString(temporary, Long.toString(position));
            Files.move(temporary, positionFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write spool position " + positionFile, e);
        }
    }

    private int countLinesFrom(long from) throws IOException {
        int lines = 0;
        try (BufferedReader in = readerFrom(from)) {
            while (in.readLine() != null) {
                lines++;
            }
        }
        return lines;
    }

    private BufferedReader readerFrom(long from) throws IOException {
        InputStream in = Files.newInputStream(file);
        in.skipNBytes(from);
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
    }

    // A line cut short by a crash while it was written cannot be delivered; the rest still can.
    private Optional<OutboundRecord> parse(String line) {
        try {
            return Optional.of(OutboundRecord.fromLine(line));
        } catch (IllegalArgumentException e) {
            LOG.warn("skipping an unreadable line of spool {}: {}", file, e.getMessage());
            return Optional.empty();
        }
    }
}
