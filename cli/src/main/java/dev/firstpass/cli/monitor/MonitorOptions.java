package dev.firstpass.cli.monitor;

import dev.firstpass.cli.options.OptionProblems;
import dev.firstpass.monitor.MonitorConfig;
import dev.firstpass.monitor.adapter.EpochEventAdapters;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of {@code firstpass monitor} as typed, turned into the monitor's flat settings.
 *
 * <p>Only what the settings cannot express is checked here (durations with units, NAME=VALUE pairs);
 * every other rule is {@link MonitorConfig#validate()}'s, whose messages name setting keys and are
 * translated back to option names by {@link #inOptionTerms(String)}.
 */
record MonitorOptions(String bootstrapServers, String applicationId, String stateDir, String metric,
        String direction, List<String> targets, String perturbation, String stallTimeout, String statisticsInterval,
        String bootstrapResamples, String qssWindow, String qssAlpha, String minRuns, String httpPort,
        String httpHost, String inputTopic, String inputFormat, List<String> inputOptions,
        List<String> streamsProperties) {

    /** Each option and the setting it fills, in the order of the help. */
    static final Map<String, String> SETTINGS = settingsByOption();

    MonitorOptions {
        targets = targets == null ? List.of() : List.copyOf(targets);
        inputOptions = inputOptions == null ? List.of() : List.copyOf(inputOptions);
        streamsProperties = streamsProperties == null ? List.of() : List.copyOf(streamsProperties);
    }

    private static Map<String, String> settingsByOption() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("--bootstrap-servers", MonitorConfig.BOOTSTRAP_SERVERS);
        settings.put("--application-id", MonitorConfig.APPLICATION_ID);
        settings.put("--state-dir", MonitorConfig.STATE_DIR);
        settings.put("--metric", MonitorConfig.METRIC);
        settings.put("--direction", MonitorConfig.DIRECTION);
        settings.put("--target", MonitorConfig.TARGETS);
        settings.put("--perturbation", MonitorConfig.PERTURBATION);
        settings.put("--stall-timeout", MonitorConfig.STALL_TIMEOUT_MS);
        settings.put("--statistics-interval", MonitorConfig.STATISTICS_INTERVAL_MS);
        settings.put("--bootstrap-resamples", MonitorConfig.BOOTSTRAP_RESAMPLES);
        settings.put("--qss-window", MonitorConfig.QSS_WINDOW);
        settings.put("--qss-alpha", MonitorConfig.QSS_ALPHA);
        settings.put("--min-runs", MonitorConfig.QSS_MIN_RUNS);
        settings.put("--http-port", MonitorConfig.HTTP_PORT);
        settings.put("--http-host", MonitorConfig.HTTP_HOST);
        settings.put("--input-topic", MonitorConfig.INPUT_TOPIC);
        settings.put("--input-format", MonitorConfig.INPUT_FORMAT);
        return Map.copyOf(settings);
    }

    /**
     * The monitor's settings, in option order (repeated input options keep theirs, which is the order
     * their metrics are reported in); problems the settings cannot show are added to {@code problems}.
     */
    Map<String, String> settings(OptionProblems problems) {
        Map<String, String> settings = new LinkedHashMap<>();
        put(settings, MonitorConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        put(settings, MonitorConfig.APPLICATION_ID, applicationId);
        put(settings, MonitorConfig.STATE_DIR, stateDir);
        put(settings, MonitorConfig.METRIC, metric);
        put(settings, MonitorConfig.DIRECTION, direction);
        if (!targets.isEmpty()) {
            settings.put(MonitorConfig.TARGETS, String.join(",", targets));
        }
        put(settings, MonitorConfig.PERTURBATION, perturbation);
        putDuration(settings, MonitorConfig.STALL_TIMEOUT_MS, "--stall-timeout", stallTimeout, problems);
        putDuration(settings, MonitorConfig.STATISTICS_INTERVAL_MS, "--statistics-interval", statisticsInterval,
                problems);
        put(settings, MonitorConfig.BOOTSTRAP_RESAMPLES, bootstrapResamples);
        put(settings, MonitorConfig.QSS_WINDOW, qssWindow);
        put(settings, MonitorConfig.QSS_ALPHA, qssAlpha);
        put(settings, MonitorConfig.QSS_MIN_RUNS, minRuns);
        put(settings, MonitorConfig.HTTP_PORT, httpPort);
        put(settings, MonitorConfig.HTTP_HOST, httpHost);
        put(settings, MonitorConfig.INPUT_TOPIC, inputTopic);
        put(settings, MonitorConfig.INPUT_FORMAT, inputFormat);
        String format = inputFormat == null ? MonitorConfig.NATIVE_FORMAT : inputFormat.trim();
        for (String option : inputOptions) {
            String[] pair = pair("--input-option", option, problems);
            if (pair != null) {
                settings.put(EpochEventAdapters.optionSetting(format, pair[0]), pair[1]);
            }
        }
        for (String property : streamsProperties) {
            String[] pair = pair("--streams-property", property, problems);
            if (pair != null) {
                settings.put(MonitorConfig.STREAMS_PREFIX + pair[0], pair[1]);
            }
        }
        return settings;
    }

    /**
     * A problem of {@link MonitorConfig} in the words of the command line: "qss.alpha must be ..." becomes
     * "--qss-alpha must be ...". Problems of input adapter options keep their setting names, which
     * docs/adapters.md explains.
     */
    static String inOptionTerms(String problem) {
        for (Map.Entry<String, String> entry : SETTINGS.entrySet()) {
            String setting = entry.getValue();
            if (problem.startsWith(setting + " ")) {
                return entry.getKey() + problem.substring(setting.length());
            }
        }
        return problem;
    }

    // Unset options leave the setting out, so that the monitor's own default applies.
    private static void put(Map<String, String> settings, String key, String value) {
        if (value != null) {
            settings.put(key, value);
        }
    }

    private static void putDuration(Map<String, String> settings, String key, String option, String text,
            OptionProblems problems) {
        if (text == null) {
            return;
        }
        Duration duration = DurationText.parse(text).orElse(null);
        if (duration == null) {
            problems.add(option + " must be a duration, " + DurationText.RULE + ": '" + text + "'");
        } else if (duration.isZero()) {
            problems.add(option + " must be longer than 0: '" + text + "'");
        } else {
            settings.put(key, Long.toString(duration.toMillis()));
        }
    }

    private static String[] pair(String option, String text, OptionProblems problems) {
        int equals = text.indexOf('=');
        if (equals <= 0) {
            problems.add(option + " must be NAME=VALUE: '" + text + "'");
            return null;
        }
        return new String[] {text.substring(0, equals).trim(), text.substring(equals + 1)};
    }
}
