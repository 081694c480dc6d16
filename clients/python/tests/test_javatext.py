import math

import pytest

from firstpass.javatext import Instant, duration_words, java_double


@pytest.mark.parametrize("value, java", [
    # Each right-hand side is what Java's Double.toString printed for the value.
    (0.5, "0.5"), (1.0, "1.0"), (1e20, "1.0E20"), (1e-5, "1.0E-5"), (123456789.0, "1.23456789E8"),
    (0.001, "0.001"), (1e7, "1.0E7"), (9999999.0, "9999999.0"), (0.000999, "9.99E-4"), (-1.0, "-1.0"),
    (100.0, "100.0"), (0.1 + 0.2, "0.30000000000000004"), (0.0, "0.0"), (-0.0, "-0.0"),
    (math.nan, "NaN"), (math.inf, "Infinity"), (-math.inf, "-Infinity"), (12345678.9, "1.23456789E7"),
])
def test_doubles_are_written_as_java_writes_them(value, java):
    assert java_double(value) == java


@pytest.mark.parametrize("text, java", [
    ("2025-03-01T12:00:00Z", "2025-03-01T12:00:00Z"),
    ("2025-03-01T12:00:00.120Z", "2025-03-01T12:00:00.120Z"),
    ("2025-03-01T12:00:00.000001Z", "2025-03-01T12:00:00.000001Z"),
    ("2025-03-01T12:00:00.123456789Z", "2025-03-01T12:00:00.123456789Z"),
    ("2025-03-01T13:00:00+01:00", "2025-03-01T12:00:00Z"),
    ("2025-03-01T12:00Z", "2025-03-01T12:00:00Z"),
])
def test_instants_read_and_print_as_java_instant_does(text, java):
    assert str(Instant.parse(text)) == java


def test_instants_that_are_not_rfc3339_are_refused():
    assert Instant.parse("2025") is None
    assert Instant.parse("2025-02-30T12:00:00Z") is None
    assert Instant.parse("2025-03-01T12:00Z", seconds_required=True) is None
    assert Instant.parse(1740830400) is None


def test_durations_in_words():
    assert duration_words(301 * 10**9) == "5 min 1 s"
    assert duration_words(59 * 60 * 10**9) == "59 min"
    assert duration_words(250 * 10**6) == "250 ms"
    assert duration_words(3602 * 10**9) == "1 h 2 s"
    assert duration_words(0) == "0 ms"
