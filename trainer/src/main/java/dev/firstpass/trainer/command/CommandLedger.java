package dev.firstpass.trainer.command;

import dev.firstpass.core.protocol.Ack;
import dev.firstpass.core.protocol.Command;
import dev.firstpass.core.protocol.ProtocolJson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Every answer a run has given to a command (applied after epoch k, or refused), with the command
 * itself, and every signed command it admitted, kept in a file that outlives the process.
 *
 * <p>A checkpoint only knows the commands applied up to its epoch; the ledger knows those applied
 * after it too, so a resumed run neither answers a command twice nor takes one it already answered
 * for a new one. Admissions matter to runs that authenticate commands: a command admitted fresh but
 * not yet answered (a periodic schedule waiting for its first epoch) comes back stale when a resumed
 * run re-reads the topic, and is taken again rather than refused for an age it did not have when it
 * arrived.
 */
public final class CommandLedger {

    // An answer line starts with the ack's JSON, '{', so this prefix cannot be mistaken for one.
    private static final String ADMITTED = "admitted\t";

    private final Path file;
    private final List<Entry> entries = new ArrayList<>();
    private final Set<String> admitted = new HashSet<>();

    /** One answer: the ack sent and, when applied, the command that was carried out. */
    public record Entry(Ack ack, Command command) {
        public boolean applied() {
            return ack.status() == Ack.Status.APPLIED;
        }
    }

    private CommandLedger(Path file) {
        this.file = file;
    }

    /** A ledger kept in {@code file}, with what earlier processes of the same run wrote there. */
    public static CommandLedger inFile(Path file) {
        CommandLedger ledger = new CommandLedger(file);
        if (Files.exists(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.startsWith(ADMITTED)) {
                        ledger.admitted.add(ProtocolJson.parseCommand(line.substring(ADMITTED.length())).commandId());
                    } else if (!line.isBlank()) {
                        ledger.entries.add(parse(line));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("command ledger " + file + " cannot be read", e);
            }
        }
        return ledger;
    }

    /** A ledger in memory only, for runs without a checkpoint folder. */
    public static CommandLedger inMemory() {
        return new CommandLedger(null);
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Whether {@code commandId} was already answered as applied after {@code epoch}. */
    public synchronized boolean appliedAfter(String commandId, int epoch) {
        return entries.stream().anyMatch(e -> e.applied() && e.ack().commandId().equals(commandId)
                && e.ack().epoch() == epoch);
    }

    /** The ids of the commands applied after epochs up to {@code epoch}, in order, each once. */
    public synchronized List<String> appliedUpTo(int epoch) {
        return entries.stream()
                .filter(e -> e.applied() && e.ack().epoch() <= epoch)
                .map(e -> e.ack().commandId())
                .distinct()
                .toList();
    }

    /** Whether {@code commandId} was admitted as authentic and fresh by this run, in this process or an earlier one. */
    public synchronized boolean admitted(String commandId) {
        return admitted.contains(commandId);
    }

    synchronized void append(Ack ack, Command command) {
        Entry entry = new Entry(ack, command);
        write(format(entry));
        entries.add(entry);
    }

    /** Records that {@code command} passed authentication while fresh. */
    synchronized void admit(Command command) {
        if (admitted.add(command.commandId())) {
            write(ADMITTED + ProtocolJson.write(command));
        }
    }

    private void write(String line) {
        if (file != null) {
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND)) {
                out.write(line);
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to command ledger " + file, e);
            }
        }
    }

    // JSON never holds a raw tab, so a tab separates the two messages unambiguously.
    private static String format(Entry entry) {
        return ProtocolJson.write(entry.ack()) + '\t' + (entry.command() == null ? "" : ProtocolJson.write(entry.command()));
    }

    private static Entry parse(String line) {
        int tab = line.indexOf('\t');
        String ack = tab < 0 ? line : line.substring(0, tab);
        String command = tab < 0 ? "" : line.substring(tab + 1);
        return new Entry(ProtocolJson.parseAck(ack), command.isEmpty() ? null : ProtocolJson.parseCommand(command));
    }
}
