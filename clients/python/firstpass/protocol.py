"""The FirstPass wire protocol: the same messages, fields, order and checks as the Java ``core`` module.

Every message is compact JSON with ``schema`` first and the fields in the Java records' order, numbers
written as Java writes them, non-finite metrics as the strings "NaN", "Infinity" and "-Infinity".
Building a message checks it as the Java record's constructor does, and a command read from Kafka is
checked as ``ProtocolJson.parseCommand`` checks it; every problem is reported at once, each naming the
field, the rule and the offending value, in the Java side's words.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Dict, List, Optional

from .javatext import Instant, java_double, json_text, show, show_json, show_name, utf16_index

SCHEMA_VERSION = 1

MAX_RECORD_BYTES = 1 << 20
MAX_METRICS = 1000
MAX_ID_CHARS = 256
MAX_COMMAND_ID_CHARS = 8192
MAX_METRIC_NAME_CHARS = 128
MAX_JSON_DEPTH = 64
MAX_JSON_NUMBER_DIGITS = 100
MAX_LISTED_PROBLEMS = 20


class Topics:
    """The default topic names; every record on them is keyed by ``run_id``."""

    EPOCH_EVENTS = "training.metrics.epoch"
    RUN_LIFECYCLE = "training.runs.lifecycle"
    COMMANDS = "training.control.commands"
    ACKS = "training.control.acks"


class InvalidRecordError(ValueError):
    """A message broke a rule of the protocol; ``violations`` lists every problem found."""

    def __init__(self, violations: List[str]):
        if not violations:
            raise ValueError("an InvalidRecordError needs at least one violation")
        self.violations = list(violations)
        super().__init__(_listed(self.violations))


def _listed(violations: List[str]) -> str:
    # A record with thousands of bad fields would otherwise give a reason as large as itself.
    if len(violations) <= MAX_LISTED_PROBLEMS:
        return "; ".join(violations)
    more = len(violations) - MAX_LISTED_PROBLEMS
    return "; ".join(violations[:MAX_LISTED_PROBLEMS]) + "; and %d more problem%s" % (more, "" if more == 1 else "s")


class Violations:
    """The problems of one message by field path, one per path, as the Java ``Violations`` keeps them.

    A problem inside a field ("params.sigma") silences later rules about the same field or the whole
    field ("params"), so each field is reported once, in the words of the first rule it broke.
    """

    def __init__(self):
        self._by_path: Dict[str, str] = {}

    def add(self, path: str, message: str) -> None:
        if not self._covers(path):
            self._by_path[path] = message

    def add_all(self, error: InvalidRecordError, paths: Optional[List[str]] = None) -> None:
        for i, message in enumerate(error.violations):
            self.add(paths[i] if paths else message, message)

    def any(self) -> bool:
        return bool(self._by_path)

    def throw_if_any(self) -> None:
        if self._by_path:
            raise self.error()

    def error(self) -> "InvalidRecordError":
        error = InvalidRecordError(list(self._by_path.values()))
        error.paths = list(self._by_path.keys())
        return error

    def require(self, path: str, value) -> None:
        if value is None:
            self.add(path, path + " is required")

    def require_id(self, path: str, value) -> None:
        self.require(path, value)
        self.optional_id(path, value)

    def optional_text(self, path: str, value) -> None:
        if value is not None and _java_blank(value):
            self.add(path, path + " must not be blank: " + show(value))

    def optional_id(self, path: str, value) -> None:
        self.optional_text(path, value)
        limit = MAX_COMMAND_ID_CHARS if path == "command_id" else MAX_ID_CHARS
        self.max_chars(path, value, limit)
        at = -1 if value is None else lone_surrogate(value)
        if at >= 0:
            self.add(path, path + " must be well-formed Unicode text: a lone surrogate at character %d" % (at + 1))

    def max_chars(self, path: str, value, limit: int) -> None:
        if value is not None and len(value) > limit:
            self.add(path, "%s must be at most %d characters: %d" % (path, limit, len(value)))

    def at_least(self, path: str, value: int, minimum: int) -> None:
        if value < minimum:
            self.add(path, "%s must be at least %d: %d" % (path, minimum, value))

    def at_most(self, path: str, value: int, maximum: int, unit: str) -> None:
        if value > maximum:
            self.add(path, "%s must hold at most %d %s: %d" % (path, maximum, unit, value))

    def names(self, path: str, name) -> None:
        if name is None or _java_blank(name):
            self.add(path + "." + str(name), path + " names must not be blank: " + show(name))
        elif lone_surrogate(name) >= 0:
            self.add(path + "." + name, "%s names must be well-formed Unicode text: a lone surrogate at character %d of %s"
                     % (path, lone_surrogate(name) + 1, show(name)))

    def name_length(self, path: str, name: str, limit: int) -> None:
        if len(name) > limit:
            self.add(path + "." + name, "%s names must be at most %d characters: %d in %s"
                     % (path, limit, len(name), show(name)))

    def _covers(self, path: str) -> bool:
        for known in self._by_path:
            if known == path or known.startswith(path + ".") or known.startswith(path + "["):
                return True
        return False


def _java_blank(text: str) -> bool:
    # String.isBlank: empty or only characters that Character.isWhitespace accepts.
    return all(ch.isspace() and ch not in "\u00a0\u2007\u202f" for ch in text)


def lone_surrogate(text: str) -> int:
    """The Java (UTF-16) index of the first lone surrogate in ``text``, or -1.

    Such text has no UTF-8 form: as a Kafka key it would become '?', so two runs could share one key.
    """
    for i, ch in enumerate(text):
        if 0xD800 <= ord(ch) <= 0xDFFF:
            # json.loads joins valid escaped pairs, so any surrogate left here is alone.
            return utf16_index(text, i)
    return -1


# ---------------------------------------------------------------------------------------------- kinds


@dataclass(frozen=True)
class Param:
    name: str
    default: Optional[float]
    rule: str
    accepts: object


def _in_unit(x):
    return 0 < x <= 1


KINDS: Dict[str, List[Param]] = {
    # Scale weights by shrink and add fresh weights scaled by perturb.
    "shrink_perturb": [Param("shrink", 0.4, "in (0, 1]", _in_unit),
                       Param("perturb", 0.1, "at least 0", lambda x: x >= 0 and math.isfinite(x))],
    # Re-draw a fraction of the weights.
    "partial_reset": [Param("fraction", None, "in (0, 1]", _in_unit)],
    "full_reset": [],
    "warm_restart": [],
    # Gaussian noise of standard deviation sigma.
    "weight_noise": [Param("sigma", None, "greater than 0", lambda x: x > 0 and math.isfinite(x))],
}


def _subject(kind: str, param: str) -> str:
    return kind + " parameter " + show_name(param)


def check_params(violations: Violations, kind: str, given: Dict[str, Optional[float]]) -> None:
    """``PerturbationKind.check``: missing, mistyped, out-of-range and unknown parameters."""
    params = KINDS[kind]
    for param in params:
        path = "params." + param.name
        value = given.get(param.name)
        if value is None and param.name in given:
            violations.add(path, _subject(kind, param.name) + " must be a number: null")
        elif value is None and param.default is None:
            violations.add(path, _subject(kind, param.name) + " is required")
        elif value is not None and not param.accepts(value):
            violations.add(path, _subject(kind, param.name) + " must be " + param.rule + ": " + java_double(value))
    known = [p.name for p in params]
    for name in given:
        if name not in known:
            violations.add("params." + name, "%s does not take parameter %s (takes %s)"
                           % (kind, show_name(name), ", ".join(known) if known else "none"))


def with_defaults(kind: str, given: Dict[str, float]) -> Dict[str, float]:
    """The given parameters with the kind's defaults filled in, in the kind's order."""
    return {p.name: float(given.get(p.name, p.default)) for p in KINDS[kind]}


# ------------------------------------------------------------------------------------------- messages


def _metric_subject(name: str) -> str:
    return "metric " + show_name(name)


def _check_strings(violations: Violations, path: str, values: Dict[str, str]) -> None:
    for name, value in values.items():
        violations.names(path, name)
        if value is None:
            violations.add(path + "." + name, path + " " + show_name(name) + " must be a string: null")


def _number(value: float):
    # JSON has no NaN or infinities: they travel as these three strings.
    if math.isnan(value):
        return _Raw('"NaN"')
    if math.isinf(value):
        return _Raw('"Infinity"' if value > 0 else '"-Infinity"')
    return _Raw(java_double(value))


class _Raw(str):
    """Text already in JSON form."""


def _write(fields: List[tuple]) -> bytes:
    parts = []
    for name, value in fields:
        parts.append(json.dumps(name) + ":" + _value(value))
    return ("{" + ",".join(parts) + "}").encode("utf-8")


def _value(value) -> str:
    if isinstance(value, _Raw):
        return str(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(_number(value))
    if isinstance(value, Instant):
        return '"' + str(value) + '"'
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + _value(v) for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_value(v) for v in value) + "]"
    raise TypeError("cannot write %r" % (value,))


@dataclass(frozen=True)
class EpochEvent:
    """All metrics of one epoch of one run; the epoch counts from 1 and the event carries pre-kick values."""

    experiment: str
    run_id: str
    arm: Optional[str]
    epoch: int
    segment: int
    time: Instant
    metrics: Dict[str, float]
    perturbations_applied: int
    hyperparams: Dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        v = Violations()
        v.require_id("experiment", self.experiment)
        v.require_id("run_id", self.run_id)
        v.optional_id("arm", self.arm)
        v.at_least("epoch", self.epoch, 1)
        v.at_least("segment", self.segment, 0)
        v.require("time", self.time)
        v.require("metrics", self.metrics)
        if self.metrics is not None:
            v.at_most("metrics", len(self.metrics), MAX_METRICS, "metrics")
            for name, value in self.metrics.items():
                v.names("metrics", name)
                if value is None:
                    v.add("metrics." + name, _metric_subject(name) + " must be a number: null")
            for name in self.metrics:
                if name is not None:
                    v.name_length("metrics", name, MAX_METRIC_NAME_CHARS)
            if not self.metrics:
                v.add("metrics", "metrics must not be empty")
        v.at_least("perturbations_applied", self.perturbations_applied, 0)
        _check_strings(v, "hyperparams", self.hyperparams or {})
        v.throw_if_any()

    def to_json(self) -> bytes:
        return _write([("schema", SCHEMA_VERSION), ("experiment", self.experiment), ("run_id", self.run_id),
                       ("arm", self.arm), ("epoch", self.epoch), ("segment", self.segment), ("time", self.time),
                       ("metrics", {k: float(v) for k, v in self.metrics.items()}),
                       ("perturbations_applied", self.perturbations_applied),
                       ("hyperparams", dict(self.hyperparams or {}))])


@dataclass(frozen=True)
class RunStarted:
    """A run announcing itself before its first epoch; ``controllable`` says it takes commands."""

    experiment: str
    run_id: str
    arm: Optional[str]
    time: Instant
    seed: int
    max_epochs: int
    controllable: bool
    config: Dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        v = Violations()
        v.require_id("experiment", self.experiment)
        v.require_id("run_id", self.run_id)
        v.optional_id("arm", self.arm)
        v.require("time", self.time)
        v.at_least("max_epochs", self.max_epochs, 1)
        _check_strings(v, "config", self.config or {})
        v.throw_if_any()

    def to_json(self) -> bytes:
        return _write([("schema", SCHEMA_VERSION), ("type", "run_started"), ("experiment", self.experiment),
                       ("run_id", self.run_id), ("arm", self.arm), ("time", self.time), ("seed", int(self.seed)),
                       ("max_epochs", self.max_epochs), ("controllable", bool(self.controllable)),
                       ("config", dict(self.config or {}))])


FINISH_REASONS = ("completed", "stopped", "failed")


@dataclass(frozen=True)
class RunFinished:
    """A run reporting it sends no more epochs: completed (its budget), stopped (early) or failed."""

    experiment: str
    run_id: str
    time: Instant
    reason: str
    last_epoch: int

    def __post_init__(self):
        v = Violations()
        v.require_id("experiment", self.experiment)
        v.require_id("run_id", self.run_id)
        v.require("time", self.time)
        v.require("reason", self.reason)
        if self.reason is not None and self.reason not in FINISH_REASONS:
            v.add("reason", "reason must be one of completed, stopped, failed: " + show(self.reason))
        v.at_least("last_epoch", self.last_epoch, 0)
        v.throw_if_any()

    def to_json(self) -> bytes:
        return _write([("schema", SCHEMA_VERSION), ("type", "run_finished"), ("experiment", self.experiment),
                       ("run_id", self.run_id), ("time", self.time), ("reason", self.reason),
                       ("last_epoch", self.last_epoch)])


@dataclass(frozen=True)
class Ack:
    """A trainer's answer to a command: applied after ``epoch``, or refused with ``reason``."""

    command_id: str
    experiment: str
    run_id: str
    status: str
    epoch: Optional[int]
    reason: Optional[str]
    time: Instant

    def __post_init__(self):
        v = Violations()
        v.require_id("command_id", self.command_id)
        v.require_id("experiment", self.experiment)
        v.require_id("run_id", self.run_id)
        v.require("status", self.status)
        if self.status is not None and self.status not in ("applied", "refused"):
            v.add("status", "status must be one of applied, refused: " + show(self.status))
        if self.status == "applied" and self.epoch is None:
            v.add("epoch", "epoch is required when applied")
        if self.epoch is not None:
            v.at_least("epoch", self.epoch, 1)
        if self.status == "refused" and self.reason is None:
            v.add("reason", "reason is required when refused")
        v.optional_text("reason", self.reason)
        v.require("time", self.time)
        v.throw_if_any()

    @staticmethod
    def applied(command: "Command", epoch: int, time: Instant) -> "Ack":
        return Ack(command.command_id, command.experiment, command.run_id, "applied", epoch, None, time)

    @staticmethod
    def refused(command: "Command", reason: str, time: Instant) -> "Ack":
        return Ack(command.command_id, command.experiment, command.run_id, "refused", None, reason, time)

    def to_json(self) -> bytes:
        return _write([("schema", SCHEMA_VERSION), ("command_id", self.command_id),
                       ("experiment", self.experiment), ("run_id", self.run_id), ("status", self.status),
                       ("epoch", self.epoch), ("reason", self.reason), ("time", self.time)])


@dataclass(frozen=True)
class Schedule:
    """When a command acts: ``next_epoch`` once, ``periodic`` after from_epoch and every ``every``
    epochs after it, or ``stop`` (cancels the run's periodic schedule)."""

    type: str
    every: Optional[int] = None
    from_epoch: Optional[int] = None

    @staticmethod
    def next_epoch() -> "Schedule":
        return Schedule("next_epoch")

    @staticmethod
    def stop() -> "Schedule":
        return Schedule("stop")

    @staticmethod
    def periodic(every: int, from_epoch: int) -> "Schedule":
        v = Violations()
        v.at_least("schedule.every", every, 1)
        v.at_least("schedule.from_epoch", from_epoch, 1)
        v.throw_if_any()
        return Schedule("periodic", every, from_epoch)

    def fires_after(self, epoch: int) -> bool:
        return self.type == "periodic" and epoch >= self.from_epoch and (epoch - self.from_epoch) % self.every == 0

    def _json(self) -> dict:
        if self.type == "periodic":
            return {"type": "periodic", "every": self.every, "from_epoch": self.from_epoch}
        return {"type": self.type}


@dataclass(frozen=True)
class Command:
    """An order to one run to apply a perturbation, once or on a schedule; ``params`` hold the
    kind's defaults for what was left out, so a command states exactly what the trainer will do."""

    command_id: str
    experiment: str
    run_id: str
    kind: str
    params: Dict[str, float]
    schedule: Schedule
    issued_at: Instant
    arm: Optional[str] = None

    def __post_init__(self):
        v = Violations()
        _check_command(v, self.command_id, self.experiment, self.run_id, self.kind, dict(self.params or {}),
                       self.schedule, self.issued_at, self.arm)
        v.throw_if_any()
        object.__setattr__(self, "params", with_defaults(self.kind, self.params or {}))

    def to_json(self) -> bytes:
        return _write([("schema", SCHEMA_VERSION), ("command_id", self.command_id),
                       ("experiment", self.experiment), ("run_id", self.run_id), ("kind", self.kind),
                       ("params", dict(self.params)), ("schedule", self.schedule._json()),
                       ("issued_at", self.issued_at), ("arm", self.arm)])


def _check_command(v, command_id, experiment, run_id, kind, params, schedule, issued_at, arm):
    v.require_id("command_id", command_id)
    v.require_id("experiment", experiment)
    v.require_id("run_id", run_id)
    v.require("kind", kind)
    if kind is not None:
        if kind not in KINDS:
            v.add("kind", "kind must be one of %s: %s" % (", ".join(KINDS), show(kind)))
        else:
            check_params(v, kind, params)
    v.require("schedule", schedule)
    v.require("issued_at", issued_at)
    v.optional_id("arm", arm)


# ------------------------------------------------------------------------------------------ reading


class _DuplicateKey(ValueError):
    pass


def _pairs(pairs):
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise _DuplicateKey(key)
        seen[key] = value
    return seen


def _reject_constant(name):
    raise ValueError("Non-standard token '%s'" % name)


def _parse_number(text: str):
    if len(text.lstrip("-").replace(".", "").split("e")[0].split("E")[0]) > MAX_JSON_NUMBER_DIGITS:
        raise _Limit("Number value length (%d) exceeds the maximum allowed (%d)"
                     % (len(text.lstrip("-")), MAX_JSON_NUMBER_DIGITS))
    return float(text)


def _parse_int(text: str):
    if len(text.lstrip("-")) > MAX_JSON_NUMBER_DIGITS:
        raise _Limit("Number value length (%d) exceeds the maximum allowed (%d)"
                     % (len(text.lstrip("-")), MAX_JSON_NUMBER_DIGITS))
    return int(text)


class _Limit(ValueError):
    pass


def _depth(value, level=1) -> int:
    if isinstance(value, dict):
        return max([level] + [_depth(v, level + 1) for v in value.values()])
    if isinstance(value, list):
        return max([level] + [_depth(v, level + 1) for v in value])
    return level - 1


def read_object(body: bytes) -> dict:
    """The JSON object in ``body``, held to the protocol's limits; InvalidRecordError otherwise.

    Repeated keys, trailing content and NaN tokens are malformed, as for the Java reader. The wording of
    a syntax error is Python's; every other reason is the Java side's.
    """
    if body is None or len(body) == 0:
        raise InvalidRecordError(["malformed JSON: no content"])
    if len(body) > MAX_RECORD_BYTES:
        raise InvalidRecordError(["record must be at most %d bytes: %d" % (MAX_RECORD_BYTES, len(body))])
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InvalidRecordError(["malformed JSON: not UTF-8 text: %s" % e.reason]) from None
    if text.strip() == "":
        raise InvalidRecordError(["malformed JSON: no content"])
    try:
        root = json.loads(text, object_pairs_hook=_pairs, parse_constant=_reject_constant,
                          parse_float=_parse_number, parse_int=_parse_int)
    except _DuplicateKey as e:
        raise InvalidRecordError(["malformed JSON: Duplicate field '%s'" % e.args[0]]) from None
    except _Limit as e:
        raise InvalidRecordError(["JSON beyond a limit: " + str(e)]) from None
    except json.JSONDecodeError as e:
        raise InvalidRecordError(["malformed JSON at line %d column %d: %s" % (e.lineno, e.colno, e.msg)]) from None
    except (ValueError, RecursionError) as e:
        raise InvalidRecordError(["malformed JSON: %s" % e]) from None
    if not isinstance(root, dict):
        raise InvalidRecordError(["a message must be a JSON object: " + show_json(root)])
    depth = _depth(root)
    if depth > MAX_JSON_DEPTH:
        raise InvalidRecordError(["JSON beyond a limit: Document nesting depth (%d) exceeds the maximum allowed (%d)"
                                  % (depth, MAX_JSON_DEPTH)])
    return root


class _Fields:
    """Typed, forgiving reads of one JSON object that note what was wrong instead of raising."""

    def __init__(self, node: dict, prefix: str, violations: Violations):
        self.node = node
        self.prefix = prefix
        self.v = violations

    def _present(self, name):
        value = self.node.get(name)
        return None if value is None else value

    def _reject(self, name, rule, value):
        self.v.add(self.prefix + name, self.prefix + name + " must be " + rule + ": " + show_json(value))

    def text(self, name):
        value = self._present(name)
        if value is None:
            return None
        if not isinstance(value, str):
            self._reject(name, "a string", value)
            return None
        return value

    def integer(self, name):
        value = self._present(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not -2**31 <= value < 2**31:
            self._reject(name, "an integer", value)
            return None
        return value

    def required_integer(self, name):
        value = self.integer(name)
        self.v.require(self.prefix + name, value)
        return 0 if value is None else value

    def instant(self, name):
        value = self._present(name)
        if value is None:
            return None
        instant = Instant.parse(value) if isinstance(value, str) else None
        if instant is None:
            self._reject(name, 'an ISO-8601 instant such as "2024-05-01T12:00:00Z"', value)
        return instant

    def choice(self, name, allowed):
        value = self._present(name)
        if value is None:
            return None
        if isinstance(value, str) and value in allowed:
            return value
        self._reject(name, "one of " + ", ".join(allowed), value)
        return None

    def numbers(self, name, subject):
        value = self._present(name)
        if value is None:
            return None
        if not isinstance(value, dict):
            self._reject(name, "an object", value)
            return None
        numbers = {}
        for key, item in value.items():
            number = decode_number(item)
            if number is None:
                self.v.add(self.prefix + name + "." + key, subject(key) + " must be a number: " + show_json(item))
            else:
                numbers[key] = number
        return numbers

    def object(self, name):
        value = self._present(name)
        if value is None:
            return None
        if not isinstance(value, dict):
            self._reject(name, "an object", value)
            return None
        return _Fields(value, self.prefix + name + ".", self.v)


def decode_number(value):
    """A JSON number, or one of the strings "NaN", "Infinity", "-Infinity"; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    return {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}.get(value) if isinstance(value, str) else None


def _require_schema(fields: _Fields) -> None:
    # Checked first and alone: the rest of a message of an unknown version cannot be judged by this one's rules.
    schema = fields.integer("schema")
    if schema is None:
        fields.v.require("schema", None)
    elif schema != SCHEMA_VERSION:
        raise InvalidRecordError(["unsupported schema version %d (supported: %d)" % (schema, SCHEMA_VERSION)])
    fields.v.throw_if_any()


def parse_command(body: bytes) -> Command:
    """The command in ``body``, checked as ``ProtocolJson.parseCommand`` checks it."""
    fields = _Fields(read_object(body), "", Violations())
    _require_schema(fields)
    command_id = fields.text("command_id")
    experiment = fields.text("experiment")
    run_id = fields.text("run_id")
    kind = fields.choice("kind", list(KINDS))
    params = fields.numbers("params", lambda name: "parameter " + show_name(name) if kind is None
                            else _subject(kind, name))
    schedule_fields = fields.object("schedule")
    schedule = None if schedule_fields is None else _decode_schedule(schedule_fields)
    issued_at = fields.instant("issued_at")
    arm = fields.text("arm")
    v = fields.v
    _check_command(v, command_id, experiment, run_id, kind, dict(params or {}), schedule, issued_at, arm)
    v.throw_if_any()
    return Command(command_id, experiment, run_id, kind, params or {}, schedule, issued_at, arm)


def _decode_schedule(fields: _Fields):
    kind = fields.text("type")
    if kind == "next_epoch":
        return Schedule.next_epoch()
    if kind == "stop":
        return Schedule.stop()
    if kind == "periodic":
        every = fields.required_integer("every")
        from_epoch = fields.required_integer("from_epoch")
        try:
            return Schedule.periodic(every, from_epoch)
        except InvalidRecordError as e:
            for message in e.violations:
                fields.v.add(message.split(" ")[0], message)
            return None
    fields.v.add("schedule.type", "schedule.type is required (next_epoch, periodic or stop)" if kind is None
                 else "schedule.type must be next_epoch, periodic or stop: " + show(kind))
    return None


# ------------------------------------------------------------------------------------ CloudEvents headers


class Headers:
    """The CloudEvents attributes a command carries as Kafka headers (binary content mode)."""

    ID = "ce_id"
    SPEC_VERSION = "ce_specversion"
    TYPE = "ce_type"
    SOURCE = "ce_source"
    SUBJECT = "ce_subject"
    TIME = "ce_time"
    CONTENT_TYPE = "content-type"
    SPEC_VERSION_1_0 = "1.0"
    COMMAND_TYPE = "dev.firstpass.control.command"
    JSON = "application/json"

    @staticmethod
    def for_command(command: Command, source: str) -> Dict[str, str]:
        """The headers for sending ``command``, in the order the Java controller writes them."""
        if source is None or _java_blank(source):
            raise InvalidRecordError([Headers.SOURCE + " must not be blank: " + show(source)])
        return {Headers.ID: command.command_id, Headers.SPEC_VERSION: Headers.SPEC_VERSION_1_0,
                Headers.TYPE: Headers.COMMAND_TYPE, Headers.SOURCE: source, Headers.SUBJECT: command.run_id,
                Headers.TIME: str(command.issued_at), Headers.CONTENT_TYPE: Headers.JSON}

    @staticmethod
    def violations(headers: Dict[str, str], body: Command) -> List[str]:
        """Every way ``headers`` disagree with the command body or the specification; empty when consistent."""
        problems: List[str] = []

        def expect(name, expected, rule):
            actual = headers.get(name)
            if actual is None:
                problems.append(name + " header is required")
            elif actual != expected:
                problems.append(name + " " + rule + ": " + show(actual))

        expect(Headers.ID, body.command_id, "must equal command_id " + show(body.command_id))
        expect(Headers.SPEC_VERSION, Headers.SPEC_VERSION_1_0, "must be " + Headers.SPEC_VERSION_1_0)
        expect(Headers.TYPE, Headers.COMMAND_TYPE, "must be " + Headers.COMMAND_TYPE)
        expect(Headers.SUBJECT, body.run_id, "must equal run_id " + show(body.run_id))
        source = headers.get(Headers.SOURCE)
        if source is None:
            problems.append(Headers.SOURCE + " header is required")
        elif _java_blank(source):
            problems.append(Headers.SOURCE + " must not be blank: " + show(source))
        time = headers.get(Headers.TIME)
        if time is None:
            problems.append(Headers.TIME + " header is required")
        elif body.issued_at != Instant.parse(time, seconds_required=True):
            problems.append(Headers.TIME + " must equal issued_at " + str(body.issued_at) + ": " + show(time))
        content_type = headers.get(Headers.CONTENT_TYPE)
        if content_type is None:
            problems.append(Headers.CONTENT_TYPE + " header is required")
        elif content_type != Headers.JSON and not content_type.startswith(Headers.JSON + ";"):
            problems.append(Headers.CONTENT_TYPE + " must be " + Headers.JSON + ": " + show(content_type))
        return problems


def describe(kind: str, params: Dict[str, float]) -> str:
    """The kind and its parameters as the Java trainer describes them, e.g. "shrink_perturb(shrink=0.4, perturb=0.1)"."""
    if not params:
        return kind
    return kind + "(" + ", ".join("%s=%s" % (k, java_double(v)) for k, v in params.items()) + ")"
