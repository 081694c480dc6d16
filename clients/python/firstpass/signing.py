"""Authenticated commands, as docs/security.md specifies them: HMAC-SHA256 over the body and the
CloudEvents headers, each framed by a 4-byte big-endian length, the key named in ``firstpass-key-id``
and the signature in ``firstpass-signature``.

A :class:`CommandVerifier` checks, in this order: signature headers present, key id known, signature
matching, ``ce_time`` within the window of this clock, id not accepted before. Its verdicts and their
reasons are word for word those of the Java ``CommandVerifier``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import heapq
import hmac
import os
import re
import secrets
import struct
import threading
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional

from .javatext import Instant, duration_words
from .protocol import Headers

KEY_ID = "firstpass-key-id"
SIGNATURE = "firstpass-signature"
LABEL = "firstpass-command-v1"
SIGNED_HEADERS = [Headers.ID, Headers.SPEC_VERSION, Headers.TYPE, Headers.SOURCE, Headers.SUBJECT, Headers.TIME,
                  Headers.CONTENT_TYPE]
MIN_SECRET_BYTES = 32
DEFAULT_WINDOW_SECONDS = 300
DEFAULT_REPLAY_CAPACITY = 10_000

_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")
_ABSENT = b"\xff\xff\xff\xff"


class CommandKeyError(ValueError):
    """Keys that cannot be used; ``problems`` names each one by key id or entry, never the secret."""

    def __init__(self, problems: List[str]):
        self.problems = list(problems)
        super().__init__("; ".join(problems))


class CommandKey:
    """One shared secret, named by its id; ``repr`` shows the id only, so a logged key leaks nothing."""

    def __init__(self, key_id: str, secret: bytes):
        problems = _key_problems(key_id, secret)
        if problems:
            raise CommandKeyError(problems)
        self.id = key_id
        self._secret = bytes(secret)

    @staticmethod
    def generate(key_id: str) -> "CommandKey":
        return CommandKey(key_id, secrets.token_bytes(MIN_SECRET_BYTES))

    def as_text(self) -> str:
        """``id:base64secret``, secret included: for handing a key to another component, never for logs."""
        return self.id + ":" + base64.b64encode(self._secret).decode("ascii")

    def mac(self, headers: Dict[str, str], body: bytes) -> bytes:
        return hmac.new(self._secret, canonical_bytes(headers, body), hashlib.sha256).digest()

    def __repr__(self) -> str:
        return "CommandKey[%s]" % self.id


def _key_problems(key_id, secret) -> List[str]:
    problems = []
    if key_id is None or not _ID.fullmatch(key_id):
        problems.append("command key id must be 1 to 64 letters, digits, '.', '_' or '-': "
                        + ("null" if key_id is None else "'" + key_id + "'"))
    if secret is None:
        problems.append("command key '%s' has no secret" % key_id)
    elif len(secret) < MIN_SECRET_BYTES:
        problems.append("command key '%s' must have a secret of at least %d bytes: %d"
                        % (key_id, MIN_SECRET_BYTES, len(secret)))
    return problems


class CommandKeyRing:
    """The keys a trainer accepts commands signed with, by id; holding old and new keys lets keys rotate.

    The text form is entries ``id:base64secret`` separated by commas or line breaks; ``#`` starts a
    comment to the end of its line and blank lines are skipped.
    """

    def __init__(self, keys: List[CommandKey]):
        problems = []
        self._keys: Dict[str, CommandKey] = {}
        for key in keys:
            if key.id in self._keys:
                problems.append("command key id '%s' is given twice" % key.id)
            self._keys.setdefault(key.id, key)
        if not self._keys:
            problems.append("a command key ring needs at least one key")
        if problems:
            raise CommandKeyError(problems)

    @staticmethod
    def parse(text: str, source: str) -> "CommandKeyRing":
        """The keys written in ``text``; ``source`` names the text in messages, e.g. "FIRSTPASS_COMMAND_KEYS"."""
        problems: List[str] = []
        keys: Dict[str, CommandKey] = {}
        entry = 0
        for line in re.split(r"\r\n|[\n\r\u2028\u2029\x0b\x0c\x85]", text or ""):
            content = line.split("#", 1)[0]
            for item in content.split(","):
                trimmed = item.strip()
                if not trimmed:
                    continue
                entry += 1
                key = _parse_entry(trimmed, entry, source, problems)
                if key is not None:
                    if key.id in keys:
                        problems.append("%s: command key id '%s' is given twice" % (source, key.id))
                    keys.setdefault(key.id, key)
        if entry == 0:
            problems.append(source + " holds no command key; write id:base64secret[,id:base64secret...]")
        if problems:
            raise CommandKeyError(problems)
        return CommandKeyRing(list(keys.values()))

    @staticmethod
    def from_file(path) -> "CommandKeyRing":
        try:
            with open(path, "r", encoding="utf-8") as f:
                text = f.read()
        except OSError as e:
            raise CommandKeyError(["command key file %s cannot be read: %s" % (path, e)]) from None
        return CommandKeyRing.parse(text, "command key file %s" % path)

    @staticmethod
    def from_environment(name: str = "FIRSTPASS_COMMAND_KEYS") -> Optional["CommandKeyRing"]:
        """The keys in environment variable ``name``; None when it is unset or empty."""
        text = os.environ.get(name)
        return None if not text else CommandKeyRing.parse(text, name)

    def key(self, key_id: str) -> Optional[CommandKey]:
        return self._keys.get(key_id)

    def ids(self) -> List[str]:
        return list(self._keys)

    def __repr__(self) -> str:
        return "CommandKeyRing%s" % self.ids()


def _parse_entry(entry: str, number: int, source: str, problems: List[str]) -> Optional[CommandKey]:
    if ":" not in entry:
        # It may be a bare secret pasted without its id, so it is named by position only.
        problems.append("%s: entry %d must be id:base64secret, but has no ':'" % (source, number))
        return None
    key_id, encoded = entry.split(":", 1)
    key_id = key_id.strip()
    encoded = encoded.strip()
    secret = _decode_base64(encoded)
    if secret is None:
        problems.append("%s: the secret of command key '%s' (entry %d) must be standard base64"
                        % (source, key_id, number))
        return None
    key_problems = _key_problems(key_id, secret)
    if key_problems:
        problems.extend(source + ": " + p for p in key_problems)
        return None
    return CommandKey(key_id, secret)


def _decode_base64(text: str) -> Optional[bytes]:
    # Standard base64 with optional padding, as Java's Base64.getDecoder() reads it.
    if not _BASE64.fullmatch(text) or len(text.rstrip("=")) % 4 == 1:
        return None
    padded = text + "=" * (-len(text) % 4) if "=" not in text else text
    try:
        return base64.b64decode(padded, validate=True)
    except (binascii.Error, ValueError):
        return None


def canonical_bytes(headers: Dict[str, str], body: bytes) -> bytes:
    """The bytes a signature covers: the label, the signed headers in order (absent: length 0xFFFFFFFF), the body."""
    out = [_frame(LABEL.encode("utf-8"))]
    for name in SIGNED_HEADERS:
        value = headers.get(name)
        out.append(_ABSENT if value is None else _frame(value.encode("utf-8")))
    out.append(_frame(body))
    return b"".join(out)


def _frame(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


class CommandSigner:
    """Signs commands with one key: the headers plus ``firstpass-key-id`` and ``firstpass-signature``."""

    def __init__(self, key: CommandKey):
        self.key = key

    def sign(self, headers: Dict[str, str], body: bytes) -> Dict[str, str]:
        problems = [name + " header is required to sign a command" for name in SIGNED_HEADERS
                    if headers.get(name) is None]
        time = headers.get(Headers.TIME)
        if time is not None and Instant.parse(time, seconds_required=True) is None:
            problems.append("%s must be an RFC 3339 time to sign a command: '%s'" % (Headers.TIME, time))
        if problems:
            raise ValueError("; ".join(problems))
        signed = {k: v for k, v in headers.items() if k not in (KEY_ID, SIGNATURE)}
        signed[KEY_ID] = self.key.id
        signed[SIGNATURE] = base64.b64encode(self.key.mac(headers, body)).decode("ascii")
        return signed


@dataclass(frozen=True)
class Verification:
    """A verdict: ``outcome`` (accepted, unsigned, unknown key id, bad signature, stale, replayed) and why."""

    outcome: str
    key_id: Optional[str]
    detail: str

    ACCEPTED = "accepted"
    UNSIGNED = "unsigned"
    UNKNOWN_KEY = "unknown key id"
    BAD_SIGNATURE = "bad signature"
    STALE = "stale"
    REPLAYED = "replayed"

    @property
    def accepted(self) -> bool:
        return self.outcome == Verification.ACCEPTED

    @property
    def authentic(self) -> bool:
        """Whether the signature verified: the command is what a key holder sent, however old."""
        return self.outcome in (Verification.ACCEPTED, Verification.STALE, Verification.REPLAYED)

    def reason(self) -> str:
        return self.outcome + ": " + self.detail


class _ReplayCache:
    """Accepted ids, each remembered until its command's ce_time plus the window, at most ``capacity``."""

    def __init__(self, capacity: int):
        self.capacity = capacity
        self.expiries: Dict[str, int] = {}
        self.by_expiry: list = []

    def remembered(self, command_id: str, now: int) -> Optional[int]:
        self._purge(now)
        return self.expiries.get(command_id)

    def remember(self, command_id: str, expiry: int, now: int) -> None:
        self._purge(now)
        while len(self.expiries) >= self.capacity and self.by_expiry:
            _, oldest = heapq.heappop(self.by_expiry)
            self.expiries.pop(oldest, None)
        self.expiries[command_id] = expiry
        heapq.heappush(self.by_expiry, (expiry, command_id))

    def size(self, now: int) -> int:
        self._purge(now)
        return len(self.expiries)

    # An entry is kept through its expiry instant: a copy arriving exactly then is still inside the window.
    def _purge(self, now: int) -> None:
        while self.by_expiry and self.by_expiry[0][0] < now:
            _, command_id = heapq.heappop(self.by_expiry)
            self.expiries.pop(command_id, None)


class CommandVerifier:
    """Decides whether a command was sent by a key holder, recently, and for the first time.

    ``clock`` returns the current :class:`Instant`; tests drive it by hand.
    """

    def __init__(self, keys: CommandKeyRing, window_seconds: float = DEFAULT_WINDOW_SECONDS,
                 clock: Callable[[], Instant] = Instant.now, replay_capacity: int = DEFAULT_REPLAY_CAPACITY):
        if keys is None:
            raise ValueError("keys must not be None")
        if not window_seconds or window_seconds <= 0:
            raise ValueError("command window must be positive: %s" % window_seconds)
        if replay_capacity < 1:
            raise ValueError("replay capacity must be at least 1 command id: %d" % replay_capacity)
        self.keys = keys
        self.window_nanos = int(round(window_seconds * 1_000_000_000))
        self.clock = clock
        self._accepted = _ReplayCache(replay_capacity)
        self._lock = threading.Lock()

    def verify(self, headers: Dict[str, str], body: bytes) -> Verification:
        with self._lock:
            return self._verify(headers, body)

    def _verify(self, headers: Dict[str, str], body: bytes) -> Verification:
        key_id = headers.get(KEY_ID)
        signature = headers.get(SIGNATURE)
        if key_id is None or signature is None:
            if key_id is None and signature is None:
                missing = KEY_ID + " and " + SIGNATURE + " headers"
            else:
                missing = (KEY_ID if key_id is None else SIGNATURE) + " header"
            return Verification(Verification.UNSIGNED, key_id, "the command has no " + missing)
        key = self.keys.key(key_id)
        if key is None:
            return Verification(Verification.UNKNOWN_KEY, key_id, "'%s' is not among the accepted keys (%s)"
                                % (key_id, ", ".join(self.keys.ids())))
        given = _decode_base64(signature)
        # compare_digest takes time independent of where the first difference is.
        if given is None or not hmac.compare_digest(key.mac(headers, body), given):
            return Verification(Verification.BAD_SIGNATURE, key_id, "the body or a signed header (%s) is not what"
                                " key '%s' signed" % (", ".join(SIGNED_HEADERS), key_id))
        now = self.clock()
        time = headers.get(Headers.TIME)
        issued = Instant.parse(time, seconds_required=True) if time is not None else None
        if issued is None:
            return Verification(Verification.STALE, key_id, "%s '%s' is not an RFC 3339 time, so its age cannot be"
                                " checked" % (Headers.TIME, time))
        age = now.total_nanos() - issued.total_nanos()
        if abs(age) > self.window_nanos:
            return Verification(Verification.STALE, key_id, "%s %s is %s %s this clock's %s; commands are accepted"
                                " within %s of it" % (Headers.TIME, issued, duration_words(age),
                                                      "after" if age < 0 else "before", now,
                                                      duration_words(self.window_nanos)))
        command_id = headers.get(Headers.ID)
        until = self._accepted.remembered(command_id, now.total_nanos())
        if until is not None:
            return Verification(Verification.REPLAYED, key_id, "command '%s' was already accepted; copies are"
                                " refused until %s" % (command_id, Instant.of_nanos(until)))
        self._accepted.remember(command_id, issued.total_nanos() + self.window_nanos, now.total_nanos())
        return Verification(Verification.ACCEPTED, key_id, "signed with key '%s'" % key_id)
