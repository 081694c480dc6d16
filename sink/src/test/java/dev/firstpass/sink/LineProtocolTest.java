package dev.firstpass.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class LineProtocolTest {

    private static final Instant T = Instant.parse("2025-02-06T12:00:00.123456789Z");

    private static String line(LineProtocol point) {
        return point.at(T).orElseThrow().text();
    }

    @Test
    void writesTheTimestampInNanoseconds() {
        assertThat(line(LineProtocol.measurement("m").field("x", 1L))).isEqualTo("m x=1i 1738843200123456789");
    }

    @Test
    void escapesCommasAndSpacesInTheMeasurementButNotEqualsSigns() {
        assertThat(line(LineProtocol.measurement("loss per run,v=2 final").field("x", 1L)))
                .isEqualTo("loss\\ per\\ run\\,v=2\\ final x=1i 1738843200123456789");
    }

    @Test
    void escapesCommasEqualsSignsAndSpacesInTagKeysTagValuesAndFieldKeys() {
        LineProtocol point = LineProtocol.measurement("m")
                .tag("run id", "seed=3, lr 0.1")
                .field("test acc,top=1", 0.5);

        assertThat(line(point))
                .isEqualTo("m,run\\ id=seed\\=3\\,\\ lr\\ 0.1 test\\ acc\\,top\\=1=0.5 1738843200123456789");
    }

    @Test
    void sortsTagsByKeyInByteOrderWhateverTheOrderTheyWereAddedIn() {
        LineProtocol point = LineProtocol.measurement("m")
                .tag("run_id", "r1").tag("arm", "a").tag("Zeta", "z").tag("experiment", "e").tag("\u00e9t\u00e9", "x")
                .field("x", 1L);

        assertThat(line(point)).isEqualTo("m,Zeta=z,arm=a,experiment=e,run_id=r1,\u00e9t\u00e9=x x=1i 1738843200123456789");
    }

    @Test
    void keepsFieldsInTheOrderAddedAndWritesIntegersWithISuffixFloatsWithAPointAndBooleans() {
        LineProtocol point = LineProtocol.measurement("m")
                .field("epoch", 12L)
                .field("acc", 12.0)
                .field("tiny", 1.0e-5)
                .field("huge", -1.5e300)
                .field("whole", (Integer) 7)
                .field("valid", true)
                .field("recommend", false);

        assertThat(line(point)).isEqualTo(
                "m epoch=12i,acc=12.0,tiny=1.0e-5,huge=-1.5e300,whole=7i,valid=true,recommend=false 1738843200123456789");
    }

    @Test
    void quotesStringFieldsEscapingQuotesAndBackslashesOnly() {
        LineProtocol point = LineProtocol.measurement("m").field("reason", "a \"b\", c=d \\ e");

        assertThat(line(point)).isEqualTo("m reason=\"a \\\"b\\\", c=d \\\\ e\" 1738843200123456789");
    }

    @Test
    void writesLineBreaksAndTabsAsVisibleEscapesSoTheLineStaysOneLine() {
        LineProtocol point = LineProtocol.measurement("m")
                .tag("note", "a\nb\tc")
                .field("reason", "line one\nline two");

        assertThat(line(point)).isEqualTo("m,note=a\\nb\\tc reason=\"line one\\\\nline two\" 1738843200123456789");
    }

    @Test
    void doublesABackslashThatWouldOtherwiseEscapeTheCharacterAfterIt() {
        LineProtocol point = LineProtocol.measurement("m")
                .tag("dir", "C:\\data\\")
                .tag("odd", "a\\,b")
                .tag("plain", "a\\b")
                .field("x", 1L);

        assertThat(line(point)).isEqualTo("m,dir=C:\\data\\\\,odd=a\\\\\\,b,plain=a\\b x=1i 1738843200123456789");
    }

    @Test
    void leavesOutAndCountsNonFiniteValuesWhichInfluxDbRejects() {
        LineProtocol point = LineProtocol.measurement("m")
                .field("loss", Double.NaN)
                .field("grad", Double.POSITIVE_INFINITY)
                .field("acc", 0.25)
                .field("low", Double.NEGATIVE_INFINITY);

        assertThat(point.at(T)).contains(new Line("m acc=0.25 1738843200123456789", 3));
    }

    @Test
    void givesNoLineWhenNoFieldIsLeftBecauseInfluxDbRefusesPointsWithoutFields() {
        LineProtocol point = LineProtocol.measurement("m").tag("run_id", "r1").field("loss", Double.NaN);

        assertThat(point.at(T)).isEmpty();
        assertThat(point.leftOut()).isEqualTo(1);
    }

    @Test
    void leavesOutNullValuesAndEmptyTagValuesSilently() {
        LineProtocol point = LineProtocol.measurement("m")
                .tag("arm", null).tag("segment", "")
                .field("mfpt", (Double) null).field("t_qss", (Integer) null).field("reason", (String) null)
                .field("runs", 4L);

        assertThat(point.at(T)).contains(new Line("m runs=4i 1738843200123456789", 0));
    }

    @Test
    void leavesOutAndCountsTheReservedKeyTimeAndEmptyKeys() {
        LineProtocol point = LineProtocol.measurement("m")
                .tag("time", "noon").tag("", "x")
                .field("time", 3.0).field("", 1.0).field("acc", 0.5);

        assertThat(point.at(T)).contains(new Line("m acc=0.5 1738843200123456789", 4));
    }

    @Test
    void aRepeatedFieldKeepsItsFirstPositionAndItsLastValue() {
        LineProtocol point = LineProtocol.measurement("m").field("epoch", 1.5).field("acc", 0.5).field("epoch", 3L);

        assertThat(line(point)).isEqualTo("m epoch=3i,acc=0.5 1738843200123456789");
    }

    @Test
    void refusesAPointWithoutMeasurement() {
        assertThatThrownBy(() -> LineProtocol.measurement(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a point needs a measurement: ''");
    }
}
