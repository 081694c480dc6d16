package dev.firstpass.monitor.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LineParserTest {

    private static LinePoint point(String line) {
        LineParser.Parsed parsed = LineParser.parse(line, measurement -> true);
        assertThat(parsed.problem()).isNull();
        return parsed.point();
    }

    @Test
    void unescapesEveryPartByItsOwnRules() {
        LinePoint point = point("my\\ m\\,x=y,t\\ k\\,\\==v\\ 1\\,\\= f\\ k\\,\\==1i 42");

        assertThat(point.measurement()).isEqualTo("my m,x=y");
        assertThat(point.tags()).containsExactly(Map.entry("t k,=", "v 1,="));
        assertThat(point.fields()).containsOnlyKeys("f k,=");
        assertThat(point.timestamp()).isEqualTo(42L);
        assertThat(point.timestampColumn()).isEqualTo(42);
    }

    @Test
    void readsStringFieldValuesWithEscapedQuotesAndBackslashes() {
        LinePoint point = point("m s=\"a b, c=d \\\"q\\\" \\\\ \\n end\"");

        assertThat(point.fields().get("s"))
                .isEqualTo(new LineField(LineField.Kind.STRING,
                        "\"a b, c=d \\\"q\\\" \\\\ \\n end\"", "a b, c=d \"q\" \\ \\n end"));
    }

    @Test
    void typesEachFieldValue() {
        LinePoint point = point("m f=-1.5e3,i=-7i,u=18446744073709551615u,b=F,s=\"\"");

        assertThat(point.fields()).containsExactly(
                Map.entry("f", new LineField(LineField.Kind.FLOAT, "-1.5e3", -1500.0)),
                Map.entry("i", new LineField(LineField.Kind.INTEGER, "-7i", -7L)),
                Map.entry("u", new LineField(LineField.Kind.UNSIGNED, "18446744073709551615u",
                        new BigInteger("18446744073709551615"))),
                Map.entry("b", new LineField(LineField.Kind.BOOLEAN, "F", false)),
                Map.entry("s", new LineField(LineField.Kind.STRING, "\"\"", "")));
    }

    @Test
    void skipsAnUnwantedMeasurementWithoutReadingTheRest() {
        LineParser.Parsed parsed = LineParser.parse("cpu,broken", measurement -> !measurement.equals("cpu"));

        assertThat(parsed.skipped()).isTrue();
    }

    @Test
    void tellsLinesWithoutPointsApart() {
        assertThat(LineParser.holdsNoPoint("")).isTrue();
        assertThat(LineParser.holdsNoPoint(" \t ")).isTrue();
        assertThat(LineParser.holdsNoPoint("  # note")).isTrue();
        assertThat(LineParser.holdsNoPoint("m a=1")).isFalse();
    }

    private static String problem(String line) {
        return LineParser.parse(line, measurement -> true).problem();
    }

    @Test
    void aLongRunOfDigitsThatIsNotAFloatIsRejectedAtOnce() {
        // The float pattern backtracked over every split of the digits: 40,000 of them took a minute.
        String digits = "1".repeat(1_000_000);

        String problem = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> problem("m f=" + digits + "x"));
        assertThat(problem).isEqualTo("value of field 'f' is not a float, integer, unsigned integer, boolean or "
                + "string at column 5: " + "1".repeat(80) + "...");
        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(2), () -> problem("m f=" + digits + "e" + digits
                + "x"))).startsWith("value of field 'f' is not a float");
    }

    @Test
    void anUnsignedIntegerOfAMillionDigitsIsRejectedWithoutReadingItAsANumber() {
        // BigInteger reads a million digits in seconds; 2^64 - 1 has 20, so the length decides.
        String problem = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> problem("m f=" + "9".repeat(1_000_000) + "u"));

        assertThat(problem).isEqualTo("unsigned value of field 'f' out of range at column 5: " + "9".repeat(80)
                + "...");
        assertThat(point("m f=000000000000000000000000018446744073709551615u").fields().get("f").value())
                .isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(problem("m f=18446744073709551616u"))
                .isEqualTo("unsigned value of field 'f' out of range at column 5: 18446744073709551616u");
    }

    @Test
    void aKeyAsLongAsTheLineIsQuotedShortInTheReason() {
        String key = "k".repeat(100_000);

        assertThat(problem("m," + key)).isEqualTo("missing '=' after tag key '" + "k".repeat(80) + "...' at column "
                + (100_003));
        assertThat(problem("m " + key + "=1," + key + "=2")).startsWith("duplicate field key '" + "k".repeat(80)
                + "...' at column ");
    }
}
