package dev.firstpass.cli.monitor;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people type them in options: a whole number and a unit, {@code 500ms}, {@code 30s},
 * {@code 10m} or {@code 1h}.
 *
 * <p>A bare number is refused rather than read in some default unit: "10" meant as minutes and read
 * as milliseconds would mark every run stalled at once.
 */
final class DurationText {

    /** The rule, for messages. */
    static final String RULE = "a whole number with a unit ms, s, m or h, e.g. 30s or 10m";

    private static final Pattern FORM = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h)");
    private static final Map<String, Duration> UNITS = Map.of("ms", Duration.ofMillis(1), "s", Duration.ofSeconds(1),
            "m", Duration.ofMinutes(1), "h", Duration.ofHours(1));

    private DurationText() {
    }

    /** The duration {@code text} spells, or empty when it does not follow {@link #RULE}. */
    static Optional<Duration> parse(String text) {
        Matcher matcher = FORM.matcher(text == null ? "" : text.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(UNITS.get(matcher.group(2)).multipliedBy(Long.parseLong(matcher.group(1))));
    }
}
