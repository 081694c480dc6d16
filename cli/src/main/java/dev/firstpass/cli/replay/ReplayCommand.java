package dev.firstpass.cli.replay;

import dev.firstpass.cli.BadInputException;
import dev.firstpass.cli.ConsoleProgress;
import dev.firstpass.cli.ExitCodes;
import dev.firstpass.cli.LogDestination;
import dev.firstpass.cli.options.ArmLocation;
import dev.firstpass.cli.options.KafkaSecurityOptions;
import dev.firstpass.cli.options.OptionProblems;
import dev.firstpass.core.kafka.KafkaSecurity;
import dev.firstpass.core.recording.RecordingFiles;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code firstpass replay}: publishes recorded runs to Kafka as if they were live, so the monitor
 * (and anything else on the topics) can be tried on real trajectories.
 */
@Command(name = "replay",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Publish recorded runs (the `firstpass analyze` input: one folder per arm, a CSV per run or"
                    + " JSON-lines epoch events) to Kafka as if they were live: epoch by epoch across runs,"
                    + " with each kicked arm's kicks published as acks right after their epochs."},
        footer = {"", "Exit status: 0 done, 1 Kafka failure, 2 bad input."})
public final class ReplayCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            defaultValue = "${env:FIRSTPASS_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
            description = "Kafka to publish to (env FIRSTPASS_BOOTSTRAP_SERVERS). Default: ${DEFAULT-VALUE}.")
    private String bootstrapServers;

    @Mixin
    private KafkaSecurityOptions kafkaSecurity = new KafkaSecurityOptions();

    @Option(names = "--experiment", paramLabel = "NAME", required = true,
            description = "Experiment name carried by every record (required).")
    private String experiment;

    @Option(names = "--baseline", paramLabel = "DIR", description = "Folder of unperturbed runs.")
    private Path baseline;

    @Option(names = {"--arm", "--arms"}, paramLabel = "DIR[:TAU]", arity = "1..*",
            description = "Folders of runs kicked every TAU epochs (TAU from the suffix or the folder name's"
                    + " trailing number); several may follow one flag.")
    private List<String> arms = new ArrayList<>();

    @Option(names = "--rate", paramLabel = "RECORDS_PER_S", defaultValue = "0",
            description = "Publish at most this many records per second; 0 is full speed. Default: ${DEFAULT-VALUE}.")
    private String rate;

    @Option(names = "--quiet", description = "Show no progress on stderr.")
    private boolean quiet;

    @Override
    public Integer call() throws InterruptedException {
        OptionProblems problems = new OptionProblems();
        if (experiment.isBlank()) {
            problems.add("--experiment must not be blank");
        }
        double recordsPerSecond = nonNegativeNumber(problems, "--rate", rate);
        List<RecordedArm> recorded = readArms(problems);
        KafkaSecurity security = kafkaSecurity.security(problems::add);
        if (!problems.isEmpty()) {
            throw new BadInputException(problems.asList());
        }
        LogDestination.consoleWarningsOnly();
        ReplaySchedule schedule = new ReplaySchedule(experiment, recorded, ReplayTopics.defaults(), Clock.systemUTC());
        int total = schedule.size();
        PrintWriter err = spec.commandLine().getErr();
        ConsoleProgress progress = System.console() != null ? ConsoleProgress.onTerminal(err) : ConsoleProgress.inQuarterLines(err);
        try (ReplayPublisher publisher = new ReplayPublisher(bootstrapServers, security, recordsPerSecond)) {
            publisher.publish(schedule, published -> {
                if (!quiet) {
                    progress.update("replay to " + bootstrapServers, published, total);
                }
            });
        } finally {
            progress.finish();
        }
        spec.commandLine().getOut().printf("published %d records of %d runs in %d arms to %s%n", total,
                recorded.stream().mapToInt(arm -> arm.runs().size()).sum(), recorded.size(), bootstrapServers);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    private List<RecordedArm> readArms(OptionProblems problems) {
        List<RecordedArm> recorded = new ArrayList<>();
        if (baseline != null) {
            if (Files.isDirectory(baseline)) {
                recorded.add(read(ArmLocation.folderName(baseline), OptionalInt.empty(), baseline, problems));
            } else {
                problems.add("--baseline folder does not exist or is not a folder: " + baseline);
            }
        }
        for (String text : arms) {
            ArmLocation location = ArmLocation.parse("--arm", "arm", text, problems);
            if (location != null) {
                recorded.add(read(location.name(), OptionalInt.of(location.period()), location.folder(), problems));
            }
        }
        if (baseline == null && arms.isEmpty()) {
            problems.add("nothing to replay: give --baseline and/or --arm folders");
        }
        return recorded;
    }

    private static RecordedArm read(String name, OptionalInt period, Path folder, OptionProblems problems) {
        try {
            return new RecordedArm(name, period, RecordingFiles.readRuns(folder));
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return new RecordedArm(name, period, List.of());
        }
    }

    private static double nonNegativeNumber(OptionProblems problems, String option, String text) {
        try {
            double value = Double.parseDouble(text.trim());
            if (value >= 0 && Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Reported below with the rule.
        }
        problems.add(option + " must be a number of records per second, 0 or more: " + text);
        return 0;
    }
}
