package dev.firstpass.cli.options;

import dev.firstpass.core.recording.RecordingFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A perturbed arm on disk: its folder and its kick period tau, given as {@code DIR:TAU} or read from
 * the trailing number of the folder name ({@code s_and_p_reset20} is kicked every 20 epochs).
 */
public record ArmLocation(Path folder, int period) {
    private static final Pattern EXPLICIT_PERIOD = Pattern.compile("^(.+):([^:/\\\\]*)$");

    /** The arm's name in reports: the folder's own name. */
    public String name() {
        return folderName(folder);
    }

    /** A folder's own name ("reg_training"), also for paths given as "." or with a trailing slash. */
    public static String folderName(Path folder) {
        Path fileName = folder.toAbsolutePath().normalize().getFileName();
        return fileName == null ? folder.toString() : fileName.toString();
    }

    /** True when both name the same folder and period, so the same runs would be read twice. */
    public boolean sameArmAs(ArmLocation other) {
        return period == other.period
                && folder.toAbsolutePath().normalize().equals(other.folder.toAbsolutePath().normalize());
    }

    /**
     * Parses {@code DIR[:TAU]} given to {@code option} (the role, "probe" or "arm", names it in
     * messages); adds a problem to {@code problems} and returns null when it cannot be used.
     */
    public static ArmLocation parse(String option, String role, String text, OptionProblems problems) {
        if (text == null || text.isBlank()) {
            problems.add(option + " needs a folder: '" + text + "'");
            return null;
        }
        String folderText = text;
        OptionalInt period = OptionalInt.empty();
        Matcher matcher = EXPLICIT_PERIOD.matcher(text);
        // A folder whose own name holds a colon is taken whole; otherwise ":TAU" is the period.
        if (matcher.matches() && !Files.isDirectory(Path.of(text))) {
            folderText = matcher.group(1);
            String periodText = matcher.group(2);
            if (!periodText.matches("\\d{1,9}")) {
                problems.add(option + " period after ':' must be a whole number of epochs: '" + periodText
                        + "' in " + text);
                return null;
            }
            period = OptionalInt.of(Integer.parseInt(periodText));
        }
        Path folder = Path.of(folderText);
        if (!Files.isDirectory(folder)) {
            problems.add(option + " folder does not exist or is not a folder: " + folder);
            return null;
        }
        if (period.isEmpty()) {
            period = RecordingFiles.periodFromName(folder.toAbsolutePath().normalize());
        }
        if (period.isEmpty()) {
            problems.add("cannot tell the period of " + role + " folder " + folder + " from its name; give it as "
                    + folder + ":TAU, e.g. " + folder + ":30");
            return null;
        }
        if (period.getAsInt() < 1) {
            problems.add(option + " period of " + role + " folder " + folder + " must be at least 1 epoch: "
                    + period.getAsInt());
            return null;
        }
        return new ArmLocation(folder, period.getAsInt());
    }
}
