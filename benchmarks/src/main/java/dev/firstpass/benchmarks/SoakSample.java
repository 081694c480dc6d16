package dev.firstpass.benchmarks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One line of the soak run's CSV: what the loop has done so far and what it holds in memory and on disk.
 *
 * @param elapsedSeconds seconds since the soak run started
 * @param epochEventsSent epoch events the simulated trainers published
 * @param epochEventsHeld epoch values the monitor holds over all experiments (its query of each)
 * @param commandsAccepted commands the trainers took on (each id once per run)
 * @param kicksApplied kicks the trainers carried out and acknowledged
 * @param refusalsExpected refusals of commands that reached a run after it finished (a race the protocol allows)
 * @param refusalsUnexpected any other refusal
 * @param duplicateCommands deliveries of a command id a run had already taken on
 * @param heapUsedAfterGc bytes of heap in use right after an explicit {@code System.gc()}
 * @param heapMax the heap's limit ({@code -Xmx})
 * @param residentSet the process's resident set (VmRSS), which includes RocksDB's native memory
 * @param monitorStateBytes the monitor's state directory on disk
 * @param brokerLogBytes the broker's record data on disk: its segment files ({@code *.log})
 * @param brokerDirBytes every file in the broker's data directory, at its apparent size; Kafka preallocates
 *     10 MiB for each active segment's offset and time indexes, so this overstates the disk in use
 * @param experiments experiments the monitor knows
 * @param runs runs the monitor knows, over all experiments
 * @param experimentsExploiting finished experiments whose controller status had reached exploit
 * @param monitorLag epoch events published but not yet committed by the monitor (-1: not known)
 * @param violations broken invariants so far (details in violations.log)
 */
record SoakSample(long elapsedSeconds, long epochEventsSent, long epochEventsHeld, long commandsAccepted,
        long kicksApplied, long refusalsExpected, long refusalsUnexpected, long duplicateCommands,
        long heapUsedAfterGc, long heapMax, long residentSet, long monitorStateBytes, long brokerLogBytes,
        long brokerDirBytes,
        long experiments, long runs, long experimentsExploiting, long experimentsRetired, long monitorLag,
        long violations) {

    static final List<String> COLUMNS = List.of("elapsed_s", "epoch_events_sent", "epoch_events_held",
            "commands_accepted", "kicks_applied", "refusals_expected", "refusals_unexpected", "duplicate_commands",
            "heap_used_after_gc_bytes", "heap_max_bytes", "rss_bytes", "monitor_state_bytes", "broker_log_bytes",
            "broker_dir_bytes", "experiments", "runs", "experiments_exploiting", "experiments_retired", "monitor_lag",
            "violations");

    static String csvHeader() {
        return String.join(",", COLUMNS);
    }

    String csvLine() {
        long[] values = {elapsedSeconds, epochEventsSent, epochEventsHeld, commandsAccepted, kicksApplied,
            refusalsExpected, refusalsUnexpected, duplicateCommands, heapUsedAfterGc, heapMax, residentSet,
            monitorStateBytes, brokerLogBytes, brokerDirBytes, experiments, runs, experimentsExploiting,
            experimentsRetired, monitorLag, violations};
        List<String> fields = new ArrayList<>();
        for (long value : values) {
            fields.add(Long.toString(value));
        }
        return String.join(",", fields);
    }

    /** Parses one data line written under {@code header}; columns are found by name, so order may change. */
    static SoakSample parse(String header, String line) {
        String[] names = header.trim().split(",");
        String[] fields = line.trim().split(",");
        if (names.length != fields.length) {
            throw new IllegalArgumentException("a soak CSV line must have one field per column (" + names.length
                    + "): " + line);
        }
        Map<String, Long> byName = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            byName.put(names[i], Long.parseLong(fields[i]));
        }
        for (String column : COLUMNS) {
            if (!byName.containsKey(column)) {
                throw new IllegalArgumentException("the soak CSV header lacks column " + column + ": " + header);
            }
        }
        return new SoakSample(byName.get("elapsed_s"), byName.get("epoch_events_sent"),
                byName.get("epoch_events_held"), byName.get("commands_accepted"), byName.get("kicks_applied"),
                byName.get("refusals_expected"), byName.get("refusals_unexpected"), byName.get("duplicate_commands"),
                byName.get("heap_used_after_gc_bytes"), byName.get("heap_max_bytes"), byName.get("rss_bytes"),
                byName.get("monitor_state_bytes"), byName.get("broker_log_bytes"), byName.get("broker_dir_bytes"),
                byName.get("experiments"),
                byName.get("runs"), byName.get("experiments_exploiting"), byName.get("experiments_retired"),
                byName.get("monitor_lag"),
                byName.get("violations"));
    }

    /** One progress line for the console. */
    String progress() {
        return String.format(Locale.ROOT, "soak %6.1f min: %,d events sent, %,d held, %d experiments, %d runs,"
                + " %d commands, %d kicks, %d retired, heap %.0f of %.0f MiB, rss %.0f MiB, monitor state %.1f MiB,"
                + " broker segments %.1f MiB, lag %d, violations %d", elapsedSeconds / 60.0, epochEventsSent,
                epochEventsHeld, experiments, runs, commandsAccepted, kicksApplied, experimentsRetired,
                mib(heapUsedAfterGc), mib(heapMax),
                mib(residentSet), mib(monitorStateBytes), mib(brokerLogBytes), monitorLag, violations);
    }

    static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
