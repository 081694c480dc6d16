package dev.firstpass.core.recording;

import dev.firstpass.core.fpt.trajectory.Trajectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Recorded trajectories, one folder per arm: one CSV per run (header of metric names, a row per
 * epoch) and/or JSON-lines files of epoch events (any number of runs each).
 */
public final class RecordingFiles {
    private static final Pattern TRAILING_NUMBER = Pattern.compile("(\\d+)$");
    /**
     * The order of runs within an arm, which fixes the bootstrap's draws: natural order (seed_2 before
     * seed_10), else plain text order. The monitor orders live runs the same way, so that the same runs
     * give the same intervals online and offline.
     */
    public static final Comparator<String> RUN_ID_ORDER = RecordingFiles::compareRunIds;
    // Nine digits always fit an int; a longer number is a timestamp or an id, not a period.
    private static final int MAX_PERIOD_DIGITS = 9;

    private RecordingFiles() {
    }

    /** One metric of every run of an arm folder, ordered by run id (numbers in names compare as numbers). */
    public static List<Trajectory> readArm(Path folder, String metric) {
        return readRuns(folder).stream().map(run -> run.trajectory(metric)).toList();
    }

    /** Every run of an arm folder with all its metrics, ordered by run id. */
    public static List<RecordedRun> readRuns(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new RecordingException("arm folder does not exist or is not a folder: " + folder);
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(Files::isRegularFile).filter(RecordingFiles::isRecording).sorted().toList();
        } catch (IOException e) {
            throw new RecordingException(folder + ": cannot be listed: " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw new RecordingException("arm folder " + folder + " holds no .csv or .jsonl runs");
        }
        List<RecordedRun> runs = new ArrayList<>();
        for (Path file : files) {
            if (file.getFileName().toString().endsWith(".csv")) {
                runs.add(CsvRunReader.read(file));
            } else {
                runs.addAll(EpochEventRunReader.read(file));
            }
        }
        runs.sort(Comparator.comparing(RecordedRun::runId, RUN_ID_ORDER));
        return runs;
    }

    /**
     * The trailing number of a folder name ("s_and_p_reset20" -> 20), the conventional way to name an
     * arm's period; empty when the name has none, or one too large to be a period (more than
     * nine digits), so the period must be given explicitly.
     */
    public static OptionalInt periodFromName(Path folder) {
        Matcher matcher = TRAILING_NUMBER.matcher(folder.getFileName().toString());
        if (!matcher.find()) {
            return OptionalInt.empty();
        }
        String digits = matcher.group(1).replaceFirst("^0+(?=.)", "");
        return digits.length() > MAX_PERIOD_DIGITS ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(digits));
    }

    static String runIdOf(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static boolean isRecording(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".csv") || name.endsWith(".jsonl");
    }

    /** Natural order, so seed_2 comes before seed_10; ids with equal numbers (seed_1, seed_01) by text. */
    static int compareRunIds(String a, String b) {
        Matcher ma = TRAILING_NUMBER.matcher(a);
        Matcher mb = TRAILING_NUMBER.matcher(b);
        if (ma.find() && mb.find()) {
            String prefixA = a.substring(0, ma.start());
            String prefixB = b.substring(0, mb.start());
            if (prefixA.equals(prefixB) && ma.group(1).length() < 19 && mb.group(1).length() < 19) {
                int byNumber = Long.compare(Long.parseLong(ma.group(1)), Long.parseLong(mb.group(1)));
                // seed_1 and seed_01 are different runs: text order settles the tie, so the order is total.
                if (byNumber != 0) {
                    return byNumber;
                }
            }
        }
        return a.compareTo(b);
    }
}
