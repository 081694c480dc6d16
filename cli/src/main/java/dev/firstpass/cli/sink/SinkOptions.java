package dev.firstpass.cli.sink;

import dev.firstpass.cli.BadInputException;
import dev.firstpass.cli.options.KafkaSecurityOptions;
import dev.firstpass.core.kafka.KafkaSecurity;
import dev.firstpass.sink.SinkConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The options of {@code firstpass sink} as typed, checked all at once: the sink's own settings by
 * {@link SinkConfig}, whose messages name its keys, translated here to the options (and environment
 * variables) the user actually set.
 *
 * @param values option name (e.g. "--batch-size") to the text given or defaulted; null when absent
 * @param settings the {@code --set KEY=VALUE} texts, in order
 * @param statusInterval the text of --status-interval-s
 * @param statusFile --status-file, or null
 * @param fromEnvironment whether an option's value came from its environment variable rather than the
 *     command line
 * @param kafkaSecurity the Kafka security options, shared with the other commands
 */
record SinkOptions(Map<String, String> values, List<String> settings, String statusInterval, Path statusFile,
        Predicate<String> fromEnvironment, KafkaSecurityOptions kafkaSecurity) {

    /** Option name to configuration key and the environment variable that gives its default. */
    static final Map<String, String[]> OPTIONS = options();

    private static Map<String, String[]> options() {
        Map<String, String[]> options = new LinkedHashMap<>();
        options.put("--bootstrap-servers", new String[] {SinkConfig.BOOTSTRAP_SERVERS, "FIRSTPASS_BOOTSTRAP_SERVERS"});
        options.put("--influx-url", new String[] {SinkConfig.INFLUX_URL, "FIRSTPASS_INFLUX_URL"});
        options.put("--influx-token", new String[] {SinkConfig.INFLUX_TOKEN, "FIRSTPASS_INFLUX_TOKEN"});
        options.put("--influx-org", new String[] {SinkConfig.INFLUX_ORG, "FIRSTPASS_INFLUX_ORG"});
        options.put("--influx-bucket", new String[] {SinkConfig.INFLUX_BUCKET, "FIRSTPASS_INFLUX_BUCKET"});
        options.put("--group-id", new String[] {SinkConfig.GROUP_ID, "FIRSTPASS_SINK_GROUP_ID"});
        options.put("--batch-size", new String[] {SinkConfig.BATCH_SIZE, "FIRSTPASS_SINK_BATCH_SIZE"});
        options.put("--flush-interval-ms", new String[] {SinkConfig.FLUSH_INTERVAL_MS, "FIRSTPASS_SINK_FLUSH_INTERVAL_MS"});
        options.put("--backoff-max-ms", new String[] {SinkConfig.BACKOFF_MAX_MS, "FIRSTPASS_SINK_BACKOFF_MAX_MS"});
        return options;
    }

    /** What the sink command runs with once every option is known to be usable. */
    record Plan(SinkConfig config, Duration statusInterval, Path statusFile) {
    }

    /** The plan, or a {@link BadInputException} listing every problem, each naming the option and the value. */
    Plan toPlan() {
        List<String> problems = new ArrayList<>();
        Map<String, String> keys = new LinkedHashMap<>();
        OPTIONS.forEach((option, keyAndVariable) -> {
            String value = values.get(option);
            if (value != null) {
                keys.put(keyAndVariable[0], value);
            }
        });
        keys.putAll(kafkaSecurity.settings());
        for (String setting : settings) {
            int equals = setting.indexOf('=');
            if (equals <= 0) {
                problems.add("--set must be KEY=VALUE: '" + setting + "'");
                continue;
            }
            String key = setting.substring(0, equals).trim();
            String option = optionFor(key);
            if (option != null) {
                problems.add("--set " + key + ": use " + option + " for it");
            } else if (KafkaSecurity.KEYS.contains(key)) {
                // Passwords especially: a command line is visible to everyone on the machine.
                problems.add("--set " + key + ": use the --kafka-* options or FIRSTPASS_KAFKA_* variables for it");
            } else {
                keys.put(key, setting.substring(equals + 1));
            }
        }
        SinkConfig config = new SinkConfig(keys);
        config.problems().forEach(problem -> problems.add(inOptionTerms(problem)));
        Duration interval = parsedStatusInterval();
        if (interval == null) {
            problems.add("--status-interval-s must be a whole number of seconds, at least 1: " + statusInterval);
        }
        if (statusFile != null && statusFile.getParent() != null && !Files.isDirectory(statusFile.getParent())) {
            problems.add("--status-file folder does not exist: " + statusFile.getParent());
        }
        if (!problems.isEmpty()) {
            throw new BadInputException(problems);
        }
        return new Plan(config, interval, statusFile);
    }

    private Duration parsedStatusInterval() {
        try {
            long seconds = Long.parseLong(statusInterval.trim());
            return seconds >= 1 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** "batch.size must be at least 1: 0" becomes "--batch-size must be at least 1: 0", with its source. */
    private String inOptionTerms(String problem) {
        for (Map.Entry<String, String[]> option : OPTIONS.entrySet()) {
            String key = option.getValue()[0];
            if (problem.startsWith(key + " ")) {
                String variable = option.getValue()[1];
                String text = option.getKey() + problem.substring(key.length());
                if (problem.equals(key + " is required")) {
                    return text + ": give " + option.getKey() + " or set " + variable;
                }
                return fromEnvironment.test(option.getKey())
                        ? text + " (from the environment variable " + variable + ")"
                        : text;
            }
        }
        return problem.startsWith("unknown setting") ? "--set: " + problem : kafkaSecurity.inOptionTerms(problem);
    }

    private static String optionFor(String key) {
        return OPTIONS.entrySet().stream().filter(option -> option.getValue()[0].equals(key))
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }
}
