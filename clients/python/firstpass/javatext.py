"""Numbers and instants written exactly as the Java side writes them.

The Java components write doubles with ``Double.toString`` (``1.0E-5``, ``0.5``, ``1.0``) and instants
with ``Instant.toString`` (``2025-03-01T12:00:00Z``, fractions in groups of three digits). Messages,
refusal reasons and JSON bodies use the same text here, so a record or a reason reads the same
whichever language wrote it.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import math
import re
import time
from dataclasses import dataclass

_NANOS_PER_SECOND = 1_000_000_000
_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)


def java_double(value: float) -> str:
    """``Double.toString(value)``: plain from 1e-3 up to 1e7, else scientific, always with a fraction."""
    value = float(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "-0.0" if math.copysign(1.0, value) < 0 else "0.0"
    sign = "-" if value < 0 else ""
    # repr gives the shortest digits that read back as the same double, as Java's algorithm aims to.
    digits_tuple = decimal.Decimal(repr(abs(value))).as_tuple()
    digits = "".join(str(d) for d in digits_tuple.digits).rstrip("0") or "0"
    trailing = len("".join(str(d) for d in digits_tuple.digits)) - len(digits)
    exponent = digits_tuple.exponent + trailing  # value = int(digits) * 10**exponent
    scientific = len(digits) - 1 + exponent      # value = d.ddd * 10**scientific
    if 1e-3 <= abs(value) < 1e7:
        if exponent >= 0:
            return sign + digits + "0" * exponent + ".0"
        point = len(digits) + exponent
        if point > 0:
            return sign + digits[:point] + "." + digits[point:]
        return sign + "0." + "0" * (-point) + digits
    fraction = digits[1:] or "0"
    return sign + digits[0] + "." + fraction + "E" + str(scientific)


def show(value) -> str:
    """An offending value as the Java side shows it in a message: text quoted, cut after 80 characters."""
    shown = '"' + value + '"' if isinstance(value, str) else str(value)
    return shown if len(shown) <= 80 else shown[:80] + "..."


def show_name(name) -> str:
    """A name as the Java side shows it in a message: in single quotes, cut after 80 characters."""
    shown = str(name)
    return "'" + (shown if len(shown) <= 80 else shown[:80] + "...") + "'"


def show_json(value) -> str:
    """A JSON value as Jackson's ``JsonNode.toString`` writes it, cut like :func:`show`."""
    shown = json_text(value)
    return shown if len(shown) <= 80 else shown[:80] + "..."


def json_text(value) -> str:
    """Compact JSON of a parsed value with Java's number text (``1.0E20``, ``100.0``)."""
    import json

    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return java_double(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + json_text(v) for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(json_text(v) for v in value) + "]"
    raise TypeError("not a JSON value: %r" % (value,))


_INSTANT = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2}(?::\d{2})?)$")


@dataclass(frozen=True, order=True)
class Instant:
    """A point in time to the nanosecond, as ``java.time.Instant``: seconds since 1970 and nanoseconds."""

    seconds: int
    nanos: int = 0

    @staticmethod
    def now() -> "Instant":
        # Microseconds, as Java's system clock gives them on Linux.
        micros = time.time_ns() // 1000
        return Instant(micros // 1_000_000, (micros % 1_000_000) * 1000)

    @staticmethod
    def of_nanos(total: int) -> "Instant":
        return Instant(total // _NANOS_PER_SECOND, total % _NANOS_PER_SECOND)

    @staticmethod
    def parse(text, offset_allowed: bool = True, seconds_required: bool = False):
        """The instant of RFC 3339 ``text``, or None when it is not one.

        ``Instant.parse`` in Java needs the seconds; the protocol's readers also take
        ``OffsetDateTime`` text, where seconds are optional.
        """
        if not isinstance(text, str):
            return None
        match = _INSTANT.match(text)
        if match is None:
            return None
        year, month, day, hour, minute, second, fraction, offset = match.groups()
        if second is None and seconds_required:
            return None
        if offset != "Z" and not offset_allowed:
            return None
        try:
            local = _dt.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0),
                                 tzinfo=_dt.timezone.utc)
        except ValueError:
            return None
        shift = 0
        if offset != "Z":
            parts = [int(p) for p in offset[1:].split(":")]
            if parts[0] > 18 or parts[1] > 59 or (len(parts) == 3 and parts[2] > 59):
                return None
            shift = parts[0] * 3600 + parts[1] * 60 + (parts[2] if len(parts) == 3 else 0)
            shift = shift if offset[0] == "+" else -shift
        delta = local - _EPOCH
        seconds = delta.days * 86400 + delta.seconds - shift
        nanos = int((fraction or "").ljust(9, "0")) if fraction else 0
        return Instant(seconds, nanos)

    def total_nanos(self) -> int:
        return self.seconds * _NANOS_PER_SECOND + self.nanos

    def plus_nanos(self, nanos: int) -> "Instant":
        return Instant.of_nanos(self.total_nanos() + nanos)

    def __str__(self) -> str:
        moment = _EPOCH + _dt.timedelta(seconds=self.seconds)
        text = moment.strftime("%Y-%m-%dT%H:%M:%S")
        if self.nanos:
            if self.nanos % 1_000_000 == 0:
                text += ".%03d" % (self.nanos // 1_000_000)
            elif self.nanos % 1000 == 0:
                text += ".%06d" % (self.nanos // 1000)
            else:
                text += ".%09d" % self.nanos
        return text + "Z"


def duration_words(nanos: int) -> str:
    """A duration as the Java side words it: "5 min 1 s", "250 ms", "1 h 2 s"."""
    nanos = abs(nanos)
    hours = nanos // (3600 * _NANOS_PER_SECOND)
    minutes = (nanos // (60 * _NANOS_PER_SECOND)) % 60
    seconds = (nanos // _NANOS_PER_SECOND) % 60
    millis = (nanos // 1_000_000) % 1000
    parts = []
    if hours > 0:
        parts.append("%d h" % hours)
    if minutes > 0:
        parts.append("%d min" % minutes)
    if seconds > 0:
        parts.append("%d s" % seconds)
    if millis > 0 or not parts:
        parts.append("%d ms" % millis)
    return " ".join(parts)


def utf16_index(text: str, index: int) -> int:
    """The Java (UTF-16) index of the character at Python index ``index``."""
    return index + sum(1 for ch in text[:index] if ord(ch) > 0xFFFF)
