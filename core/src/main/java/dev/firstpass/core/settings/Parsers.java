package dev.firstpass.core.settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The readers of setting values that components share; each states its rule in the words of a message. */
public final class Parsers {

    /** How durations are written, for messages and help. */
    public static final String DURATION_RULE = "must be a whole number with a unit ms, s, m or h, e.g. 30s or 10m";

    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h)");
    private static final Map<String, Duration> UNITS = Map.of("ms", Duration.ofMillis(1), "s", Duration.ofSeconds(1),
            "m", Duration.ofMinutes(1), "h", Duration.ofHours(1));

    private Parsers() {
    }

    /** The trimmed text, which must not be blank. */
    public static ValueParser<String> text() {
        return text -> {
            if (text.isBlank()) {
                throw new IllegalArgumentException("must not be blank");
            }
            return text.trim();
        };
    }

    /** A whole number of at least {@code min} that fits an int. */
    public static ValueParser<Integer> atLeast(int min) {
        return text -> {
            long value = whole(text);
            if (value < min) {
                throw new IllegalArgumentException("must be at least " + min);
            }
            if (value > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("must be at most " + Integer.MAX_VALUE);
            }
            return (int) value;
        };
    }

    /** A whole number from {@code min} to {@code max}. */
    public static ValueParser<Integer> between(int min, int max) {
        ValueParser<Integer> atLeast = atLeast(min);
        return text -> {
            int value = atLeast.parse(text);
            if (value > max) {
                throw new IllegalArgumentException("must be at most " + max);
            }
            return value;
        };
    }

    /** Any whole number, such as a seed. */
    public static ValueParser<Long> anyWhole() {
        return Parsers::whole;
    }

    /** A finite number. */
    public static ValueParser<Double> number() {
        return text -> {
            double value;
            try {
                value = Double.parseDouble(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be a number");
            }
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("must be a finite number");
            }
            return value;
        };
    }

    /** A number strictly between 0 and 1, such as a level or a share that may not be nothing. */
    public static ValueParser<Double> strictlyBetweenZeroAndOne() {
        return text -> {
            double value = number().parse(text);
            if (!(value > 0.0 && value < 1.0)) {
                throw new IllegalArgumentException("must be strictly between 0 and 1");
            }
            return value;
        };
    }

    /** A share that may be nothing: at least 0 and less than 1. */
    public static ValueParser<Double> share() {
        return text -> {
            double value = number().parse(text);
            if (!(value >= 0.0 && value < 1.0)) {
                throw new IllegalArgumentException("must be at least 0 and less than 1");
            }
            return value;
        };
    }

    /** true or false, in any case. */
    public static ValueParser<Boolean> bool() {
        return text -> switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("must be true or false");
        };
    }

    /**
     * A duration with its unit, {@code 500ms}, {@code 30s}, {@code 10m} or {@code 1h}; zero only when
     * {@code zeroAllowed}. A bare number is refused rather than read in some unit: "10" meant as minutes
     * and read as milliseconds would mark every run stalled at once.
     */
    public static ValueParser<Duration> duration(boolean zeroAllowed) {
        return text -> {
            Matcher matcher = DURATION.matcher(text.trim());
            if (!matcher.matches()) {
                throw new IllegalArgumentException(DURATION_RULE);
            }
            Duration value = UNITS.get(matcher.group(2)).multipliedBy(Long.parseLong(matcher.group(1)));
            if (value.isZero() && !zeroAllowed) {
                throw new IllegalArgumentException("must be longer than 0");
            }
            return value;
        };
    }

    /** A value read by an enum's own parser; whatever it refuses breaks {@code rule}. */
    public static <T> ValueParser<T> oneOf(Function<String, T> parse, String rule) {
        return text -> {
            try {
                return parse.apply(text.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(rule);
            }
        };
    }

    /** Distinct non-blank names, comma separated, in the order given. */
    public static ValueParser<Set<String>> names() {
        return text -> {
            Set<String> names = new LinkedHashSet<>();
            for (String name : text.split(",", -1)) {
                if (name.isBlank()) {
                    throw new IllegalArgumentException("must be names, comma separated");
                }
                names.add(name.trim());
            }
            return Set.copyOf(names);
        };
    }

    /** Items read by {@code item}, comma separated, in the order given. */
    public static <T> ValueParser<List<T>> listOf(ValueParser<T> item, String rule) {
        return text -> {
            try {
                return Arrays.stream(text.split(",", -1)).map(String::trim).map(item::parse).toList();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(rule);
            }
        };
    }

    /** Comma-separated host:port pairs, as Kafka clients take them. */
    public static ValueParser<String> hostPorts() {
        return text -> {
            for (String server : text.split(",", -1)) {
                int colon = server.trim().lastIndexOf(':');
                String port = colon < 0 ? "" : server.trim().substring(colon + 1);
                if (colon <= 0 || !port.matches("\\d{1,5}") || Integer.parseInt(port) < 1
                        || Integer.parseInt(port) > 65535) {
                    throw new IllegalArgumentException("must be host:port pairs separated by commas, such as kafka:9092");
                }
            }
            return text.trim();
        };
    }

    /** An absolute http or https URL with a host. */
    public static ValueParser<String> httpUrl() {
        return text -> {
            try {
                URI uri = new URI(text.trim());
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                    return text.trim();
                }
            } catch (URISyntaxException e) {
                // Refused below with the rule.
            }
            throw new IllegalArgumentException("must be an http or https URL such as http://influxdb:8086");
        };
    }

    /** A name Kafka accepts for a topic. */
    public static ValueParser<String> topic() {
        return text -> {
            String name = text.trim();
            if (!TOPIC.matcher(name).matches() || name.equals(".") || name.equals("..")) {
                throw new IllegalArgumentException("must be a Kafka topic name (letters, digits, '.', '_', '-';"
                        + " at most 249)");
            }
            return name;
        };
    }

    private static long whole(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a whole number");
        }
    }
}
