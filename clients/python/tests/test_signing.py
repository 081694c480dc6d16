import base64

import pytest

from firstpass.javatext import Instant
from firstpass.protocol import Command, Headers, Schedule
from firstpass.signing import (CommandKey, CommandKeyError, CommandKeyRing, CommandSigner, CommandVerifier,
                               Verification, canonical_bytes)

EXAMPLE_KEY = "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
EXAMPLE_HEADERS = {"ce_id": "cifar/seed-3/1-probe-20", "ce_specversion": "1.0",
                   "ce_type": "dev.firstpass.control.command",
                   "ce_source": "/firstpass/controller/firstpass-controller", "ce_subject": "seed-3",
                   "ce_time": "2025-03-01T12:00:00Z", "content-type": "application/json"}
EXAMPLE_BODY = b'{"schema":1,"command_id":"cifar/seed-3/1-probe-20"}'
NOW = Instant.parse("2025-03-01T12:00:00Z")
SIGNED_HEADERS = "ce_id, ce_specversion, ce_type, ce_source, ce_subject, ce_time, content-type"


class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now = self.now.plus_nanos(int(seconds * 1e9))


def test_the_worked_example_of_docs_security_md_signs_to_the_documented_value():
    key = CommandKeyRing.parse(EXAMPLE_KEY, "example").key("k1")

    signed = CommandSigner(key).sign(EXAMPLE_HEADERS, EXAMPLE_BODY)

    assert canonical_bytes(EXAMPLE_HEADERS, EXAMPLE_BODY).hex().startswith(
        "00000014" + "6669727374706173732d636f6d6d616e642d7631" + "00000017" + "63696661")
    assert signed["firstpass-key-id"] == "k1"
    assert signed["firstpass-signature"] == "9uaW8eO+QhthOK5MtxxPypUHl37gKiIE5ColnCLvTEc="
    assert list(signed)[-2:] == ["firstpass-key-id", "firstpass-signature"]


def test_an_absent_header_frames_differently_from_an_empty_one():
    absent = dict(EXAMPLE_HEADERS)
    del absent["ce_source"]
    empty = dict(EXAMPLE_HEADERS, ce_source="")
    assert b"\xff\xff\xff\xff" in canonical_bytes(absent, b"{}")
    assert canonical_bytes(absent, b"{}") != canonical_bytes(empty, b"{}")


def command(command_id, issued=NOW):
    return Command(command_id, "exp", "exp-s0", "shrink_perturb", {}, Schedule.next_epoch(), issued)


def signed(key, cmd):
    return CommandSigner(key).sign(Headers.for_command(cmd, "/test"), cmd.to_json())


def test_verdicts_are_the_java_verifiers_word_for_word():
    k1 = CommandKey("k1", bytes([1] * 32))
    k9 = CommandKey("k9", bytes([9] * 32))
    clock = Clock(NOW)
    verifier = CommandVerifier(CommandKeyRing([k1]), 300, clock)
    good = command("good")
    stale = command("stale", NOW.plus_nanos(-301 * 10**9))
    future = command("future", NOW.plus_nanos(400 * 10**9))
    redirected = dict(signed(k1, good), ce_subject="exp-s1")
    no_signature = dict(signed(k1, good))
    del no_signature["firstpass-signature"]

    assert verifier.verify(Headers.for_command(good, "/t"), good.to_json()).reason() == \
        "unsigned: the command has no firstpass-key-id and firstpass-signature headers"
    assert verifier.verify(no_signature, good.to_json()).reason() == \
        "unsigned: the command has no firstpass-signature header"
    assert verifier.verify(signed(k9, good), good.to_json()).reason() == \
        "unknown key id: 'k9' is not among the accepted keys (k1)"
    assert verifier.verify(signed(k1, good), good.to_json().replace(b"0.4", b"0.9")).reason() == \
        "bad signature: the body or a signed header (%s) is not what key 'k1' signed" % SIGNED_HEADERS
    assert verifier.verify(redirected, good.to_json()).outcome == Verification.BAD_SIGNATURE
    assert verifier.verify(dict(signed(k1, good), **{"firstpass-signature": "not base64!"}),
                           good.to_json()).outcome == Verification.BAD_SIGNATURE
    assert verifier.verify(signed(k1, stale), stale.to_json()).reason() == \
        ("stale: ce_time 2025-03-01T11:54:59Z is 5 min 1 s before this clock's 2025-03-01T12:00:00Z;"
         " commands are accepted within 5 min of it")
    assert verifier.verify(signed(k1, future), future.to_json()).reason() == \
        ("stale: ce_time 2025-03-01T12:06:40Z is 6 min 40 s after this clock's 2025-03-01T12:00:00Z;"
         " commands are accepted within 5 min of it")
    assert verifier.verify(signed(k1, good), good.to_json()).reason() == "accepted: signed with key 'k1'"
    clock.advance(30)
    assert verifier.verify(signed(k1, good), good.to_json()).reason() == \
        "replayed: command 'good' was already accepted; copies are refused until 2025-03-01T12:05:00Z"


def test_an_id_is_remembered_until_its_command_is_stale_and_no_longer():
    k1 = CommandKey("k1", bytes([1] * 32))
    clock = Clock(NOW)
    verifier = CommandVerifier(CommandKeyRing([k1]), 300, clock, replay_capacity=2)
    for name in ("a", "b", "c"):
        assert verifier.verify(signed(k1, command(name)), command(name).to_json()).accepted
    # The cap forgot the first id; its copy is accepted again rather than the cache growing without bound.
    assert verifier.verify(signed(k1, command("a")), command("a").to_json()).accepted
    clock.advance(301)
    assert verifier.verify(signed(k1, command("b")), command("b").to_json()).outcome == Verification.STALE


def test_key_text_problems_are_all_reported_naming_entry_or_id_never_the_secret():
    short = base64.b64encode(bytes(16)).decode()
    with pytest.raises(CommandKeyError) as refused:
        CommandKeyRing.parse("# keys\nk1:%s, bare-secret-without-id\nbad id!:%s\nk2:***" % (short, EXAMPLE_KEY[3:]),
                             "FIRSTPASS_COMMAND_KEYS")
    assert refused.value.problems == [
        "FIRSTPASS_COMMAND_KEYS: command key 'k1' must have a secret of at least 32 bytes: 16",
        "FIRSTPASS_COMMAND_KEYS: entry 2 must be id:base64secret, but has no ':'",
        "FIRSTPASS_COMMAND_KEYS: command key id must be 1 to 64 letters, digits, '.', '_' or '-': 'bad id!'",
        "FIRSTPASS_COMMAND_KEYS: the secret of command key 'k2' (entry 4) must be standard base64"]
    with pytest.raises(CommandKeyError) as refused:
        CommandKeyRing.parse("  \n# nothing\n", "keys.txt")
    assert str(refused.value) == "keys.txt holds no command key; write id:base64secret[,id:base64secret...]"


def test_rings_hold_several_keys_and_show_ids_only():
    ring = CommandKeyRing.parse("k2025a:%s,k2025b:%s" % (EXAMPLE_KEY[3:], EXAMPLE_KEY[3:].rstrip("=")), "env")
    assert ring.ids() == ["k2025a", "k2025b"]
    assert repr(ring) == "CommandKeyRing['k2025a', 'k2025b']"
    assert "AAEC" not in repr(ring.key("k2025a"))
