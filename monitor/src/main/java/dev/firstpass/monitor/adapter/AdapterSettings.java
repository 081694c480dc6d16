package dev.firstpass.monitor.adapter;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the flat {@code input.*} settings into an adapter, checking every setting before giving up.
 *
 * <p>Unknown keys under {@code input.} are errors, not silently ignored: a misspelt
 * {@code input.json.epoc} would otherwise fall back to a default and quietly misread a whole topic.
 */
final class AdapterSettings {

    static final String PREFIX = "input.";
    static final String FORMAT = "input.format";
    static final String TOPIC = "input.topic";

    static final String NATIVE = "native";
    static final String JSON = "json";
    static final String LINE_PROTOCOL = "line-protocol";
    private static final List<String> FORMATS = List.of(NATIVE, JSON, LINE_PROTOCOL);

    private static final String JSON_SOURCE_RULE = "key, const:VALUE, or " + JsonPath.RULE;
    private static final String TAG_SOURCE_RULE = "key, const:VALUE, or a tag key (tag:KEY when the key is "
            + "itself \"key\" or starts with \"const:\")";
    private static final String METRICS_PREFIX = "metrics.";
    private static final String ALL_NUMBERS = "*";

    private final Map<String, String> settings;
    private final List<String> problems = new ArrayList<>();
    private final Set<String> read = new HashSet<>();

    private AdapterSettings(Map<String, String> settings) {
        this.settings = settings;
    }

    static EpochEventAdapter adapter(Map<String, String> settings) {
        AdapterSettings reader = new AdapterSettings(settings);
        String format = reader.format();
        EpochEventAdapter adapter = format == null ? null : switch (format) {
            case JSON -> reader.json();
            case LINE_PROTOCOL -> reader.lineProtocol();
            default -> EpochEventAdapters.nativeJson();
        };
        reader.reportUnread(format);
        if (!reader.problems.isEmpty()) {
            throw new InvalidSettingsException(reader.problems);
        }
        return adapter;
    }

    private String format() {
        read.add(FORMAT);
        String format = settings.get(FORMAT);
        if (format == null) {
            return NATIVE;
        }
        if (!FORMATS.contains(format)) {
            problems.add(FORMAT + " must be one of " + String.join(", ", FORMATS) + ": " + Rejections.show(format));
            return null;
        }
        return format;
    }

    private EpochEventAdapter json() {
        int before = problems.size();
        ValueSource runId = source(JSON, "run_id", JsonFieldMapping.DEFAULT_RUN_ID_PATH, "path:", JSON_SOURCE_RULE);
        ValueSource experiment = source(JSON, "experiment", null, "path:", JSON_SOURCE_RULE);
        ValueSource arm = source(JSON, "arm", "", "path:", JSON_SOURCE_RULE);
        String epoch = path("epoch", JsonFieldMapping.DEFAULT_EPOCH_PATH);
        String time = path("time", null);
        String kick = path("kick", null);
        String end = path("end", null);
        Map<String, String> metricPaths = new LinkedHashMap<>();
        String metricsUnder = null;
        String metricsKey = key(JSON, METRICS_PREFIX);
        boolean anyMetric = false;
        for (String key : settings.keySet()) {
            if (!key.startsWith(metricsKey)) {
                continue;
            }
            anyMetric = true;
            String name = key.substring(metricsKey.length());
            String path = path(METRICS_PREFIX + name, null);
            if (name.isBlank()) {
                problems.add(key + " needs a metric name after '" + METRICS_PREFIX + "': " + Rejections.show(key));
            } else if (name.equals(ALL_NUMBERS)) {
                metricsUnder = path;
            } else if (path != null) {
                metricPaths.put(name, path);
            }
        }
        if (!anyMetric) {
            problems.add(PREFIX + JSON + " needs at least one metric: " + metricsKey + "NAME=PATH or "
                    + metricsKey + ALL_NUMBERS + "=PATH");
        }
        if (problems.size() > before) {
            return null;
        }
        return EpochEventAdapters.jsonMapping(
                new JsonFieldMapping(runId, experiment, arm, epoch, time, metricPaths, metricsUnder, kick, end));
    }

    private EpochEventAdapter lineProtocol() {
        int before = problems.size();
        Set<String> measurements = names("measurements");
        ValueSource runId = source(LINE_PROTOCOL, "run_id", LineProtocolMapping.DEFAULT_RUN_ID_TAG, "tag:",
                TAG_SOURCE_RULE);
        ValueSource experiment = source(LINE_PROTOCOL, "experiment", null, "tag:", TAG_SOURCE_RULE);
        ValueSource arm = source(LINE_PROTOCOL, "arm", "", "tag:", TAG_SOURCE_RULE);
        String epoch = value(LINE_PROTOCOL, "epoch");
        Set<String> metrics = names("metrics");
        ChronoUnit precision = precision();
        String kick = value(LINE_PROTOCOL, "kick");
        String end = value(LINE_PROTOCOL, "end");
        if (problems.size() > before) {
            return null;
        }
        return EpochEventAdapters.lineProtocol(new LineProtocolMapping(measurements, runId, experiment, arm,
                epoch == null ? LineProtocolMapping.DEFAULT_EPOCH_FIELD : epoch, List.copyOf(metrics), precision,
                kick, end));
    }

    /**
     * A run id, experiment or arm. {@code whenAbsent} null makes the setting required, empty makes it
     * optional with no value.
     */
    private ValueSource source(String format, String option, String whenAbsent, String lookupPrefix, String rule) {
        String key = key(format, option);
        String setting = value(format, option);
        if (setting == null) {
            if (whenAbsent == null && settings.get(key) == null) {
                problems.add(key + " is required: " + rule);
            }
            return whenAbsent == null || whenAbsent.isEmpty() ? null : ValueSource.lookup(whenAbsent);
        }
        ValueSource source;
        try {
            source = ValueSource.parse(setting, lookupPrefix);
        } catch (IllegalArgumentException e) {
            source = null;
        }
        if (source == null || (format.equals(JSON) && source.kind() == ValueSource.Kind.LOOKUP
                && !JsonPath.isValid(source.name()))) {
            problems.add(key + " must be " + rule + ": " + Rejections.show(setting));
            return null;
        }
        return source;
    }

    private String path(String option, String whenAbsent) {
        String setting = value(JSON, option);
        if (setting == null) {
            return whenAbsent;
        }
        if (!JsonPath.isValid(setting)) {
            problems.add(key(JSON, option) + " must be " + JsonPath.RULE + ": " + Rejections.show(setting));
            return null;
        }
        return setting;
    }

    // A comma-separated list of names; empty when the setting is absent.
    private Set<String> names(String option) {
        String setting = value(LINE_PROTOCOL, option);
        Set<String> names = new LinkedHashSet<>();
        if (setting == null) {
            return names;
        }
        for (String name : setting.split(",", -1)) {
            if (name.isBlank()) {
                problems.add(key(LINE_PROTOCOL, option) + " must be names separated by commas: "
                        + Rejections.show(setting));
                return names;
            }
            names.add(name.strip());
        }
        return names;
    }

    private ChronoUnit precision() {
        String setting = value(LINE_PROTOCOL, "precision");
        if (setting == null) {
            return ChronoUnit.NANOS;
        }
        ChronoUnit unit = LineProtocolMapping.PRECISION_NAMES.get(setting);
        if (unit == null) {
            problems.add(key(LINE_PROTOCOL, "precision") + " must be one of "
                    + String.join(", ", LineProtocolMapping.PRECISION_NAMES.keySet()) + ": "
                    + Rejections.show(setting));
        }
        return unit;
    }

    // The setting's value; null when absent, and when blank after reporting that.
    private String value(String format, String option) {
        String key = key(format, option);
        read.add(key);
        String value = settings.get(key);
        if (value != null && value.isBlank()) {
            problems.add(key + " must not be blank: " + Rejections.show(value));
            return null;
        }
        return value;
    }

    private void reportUnread(String format) {
        for (String key : new TreeSet<>(settings.keySet())) {
            if (!key.startsWith(PREFIX) || read.contains(key) || key.equals(TOPIC)) {
                continue;
            }
            String keyFormat = formatOf(key);
            if (keyFormat == null) {
                problems.add("unknown setting " + key + ": input settings are " + FORMAT + ", " + TOPIC
                        + " and " + PREFIX + "<format>.<option>");
            } else if (format != null && !keyFormat.equals(format)) {
                problems.add(key + " applies to " + FORMAT + " " + keyFormat + ", not " + format);
            } else if (format != null) {
                problems.add("unknown setting " + key + ": " + FORMAT + " " + format + " takes " + options(format));
            }
        }
    }

    private static String formatOf(String key) {
        for (String format : FORMATS) {
            if (key.startsWith(PREFIX + format + ".")) {
                return format;
            }
        }
        return null;
    }

    private static String options(String format) {
        return switch (format) {
            case JSON -> "run_id, experiment, arm, epoch, time, metrics.NAME, metrics.*, kick, end";
            case LINE_PROTOCOL -> "measurements, run_id, experiment, arm, epoch, metrics, precision, kick, end";
            default -> "no options";
        };
    }

    private static String key(String format, String option) {
        return PREFIX + format + "." + option;
    }
}
