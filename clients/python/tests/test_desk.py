"""The command desk's decisions, case for case as the Java trainer's CommandDeskTest and AuthenticatedCommandDeskTest."""

import pytest

from firstpass.desk import AUTHENTICATION_FAILED as FAILED
from firstpass.desk import CommandDesk
from firstpass.javatext import Instant
from firstpass.ledger import CommandLedger
from firstpass.protocol import Command, Headers, Schedule
from firstpass.signing import CommandKey, CommandKeyRing, CommandSigner, CommandVerifier

NOW = Instant.parse("2025-03-01T12:00:00Z")
KEY = CommandKey("k1", bytes([7] * 32))
SIGNED = "ce_id, ce_specversion, ce_type, ce_source, ce_subject, ce_time, content-type"


class Clock:
    def __init__(self):
        self.now = NOW

    def __call__(self):
        return self.now


@pytest.fixture
def acks():
    return []


def desk(acks, last_epoch=10, resumed_after=0, ledger=None, clock=None, verifier=False):
    clock = clock or Clock()
    check = CommandVerifier(CommandKeyRing([KEY]), 300, clock) if verifier else None
    return CommandDesk("exp", "exp-s0", last_epoch, resumed_after, ledger or CommandLedger(), acks.append, clock, check)


def command(command_id, schedule, run_id="exp-s0", kind="shrink_perturb", arm=None, issued=NOW):
    return Command(command_id, "exp", run_id, kind, {}, schedule, issued, arm)


def send(d, c):
    d.receive(Headers.for_command(c, "/test"), c.to_json())


def send_signed(d, c, key=KEY):
    d.receive(CommandSigner(key).sign(Headers.for_command(c, "/test"), c.to_json()), c.to_json())


def apply_through(d, first, last):
    kicked = []
    for epoch in range(first, last + 1):
        for kick in d.due_after(epoch):
            kicked.append(epoch)
            d.applied(kick, epoch)
    return kicked


def test_periodic_command_acts_after_from_epoch_and_every_tau_and_is_acked_with_those_epochs(acks):
    d = desk(acks)
    send(d, command("c1", Schedule.periodic(3, 2)))

    assert apply_through(d, 1, 10) == [2, 5, 8]
    assert [(a.command_id, a.status, a.epoch) for a in acks] == [("c1", "applied", 2), ("c1", "applied", 5),
                                                                ("c1", "applied", 8)]


def test_a_new_periodic_schedule_replaces_the_old_and_stop_cancels_it(acks):
    d = desk(acks, last_epoch=20)
    send(d, command("c1", Schedule.periodic(3, 3)))
    kicked = apply_through(d, 1, 7)
    send(d, command("c2", Schedule.periodic(5, 10), arm="exploit-5"))
    kicked += apply_through(d, 8, 12)
    send(d, command("c3", Schedule.stop()))

    assert all(d.due_after(epoch) == [] for epoch in range(13, 20))
    assert kicked == [3, 6, 10]
    assert [(a.command_id, a.epoch) for a in acks] == [("c1", 3), ("c1", 6), ("c2", 10), ("c3", 13)]
    assert d.assigned_arm() == "exploit-5"


def test_a_duplicate_command_id_is_ignored_and_answered_once(acks):
    d = desk(acks)
    c = command("c1", Schedule.next_epoch())
    send(d, c)
    send(d, c)

    assert apply_through(d, 1, 3) == [1]
    assert len(acks) == 1


def test_what_cannot_be_carried_out_is_refused_with_the_reason(acks):
    d = desk(acks, last_epoch=6)
    send(d, command("c9", Schedule.next_epoch(), run_id="exp-s7"))
    d.receive({"ce_id": "c2"}, b'{"schema":1,"command_id":"c2","experiment":"exp","run_id":"exp-s0",'
                               b'"kind":"shrink_perturb","params":{"shrink":1.5},"schedule":{"type":"next_epoch"},'
                               b'"issued_at":"2025-03-01T12:00:00Z"}')
    redirected = command("c3", Schedule.next_epoch())
    d.receive(dict(Headers.for_command(redirected, "/test"), ce_subject="exp-s1"), redirected.to_json())
    send(d, command("c4", Schedule.periodic(5, 6)))
    d.receive({"ce_id": "c" * 8193}, b"{not json")

    assert [(a.command_id, a.status, a.reason) for a in acks] == [
        ("c9", "refused", "command is for run exp-s7, this is run exp-s0"),
        ("c2", "refused", "invalid command: shrink_perturb parameter 'shrink' must be in (0, 1]: 1.5"),
        ("c3", "refused", 'invalid CloudEvents headers: ce_subject must equal run_id "exp-s0": "exp-s1"'),
        ("c4", "refused", "schedule first acts after epoch 6, but the run ends after epoch 6")]
    assert all(a.experiment == "exp" and a.run_id == "exp-s0" for a in acks)
    send(d, command("c5", Schedule.next_epoch()))
    assert apply_through(d, 1, 1) == [1]


def test_finishing_refuses_commands_that_never_got_to_act(acks):
    d = desk(acks)
    apply_through(d, 1, 3)
    send(d, command("c5", Schedule.next_epoch()))
    send(d, command("c6", Schedule.periodic(4, 8)))
    d.due_after(4)
    acks.clear()
    send(d, command("c7", Schedule.next_epoch()))

    d.finish(4)

    assert [(a.command_id, a.reason) for a in acks] == [
        ("c7", "the run finished after epoch 4 before the command could act"),
        ("c6", "the run finished after epoch 4 before the command could act")]


def test_a_resumed_run_replays_kicks_acked_after_its_checkpoint_without_acking_them_again(acks, tmp_path):
    ledger_file = str(tmp_path / "commands.ledger")
    first = desk(acks, ledger=CommandLedger(ledger_file))
    once = command("once", Schedule.next_epoch())
    every2 = command("every2", Schedule.periodic(2, 2))
    apply_through(first, 1, 2)
    send(first, once)
    send(first, every2)
    apply_through(first, 3, 4)
    assert [(a.command_id, a.epoch) for a in acks] == [("once", 3), ("every2", 4)]
    acks.clear()

    # Killed during epoch 5 with its last checkpoint after epoch 2: epochs 3 and 4 run again.
    resumed = desk(acks, resumed_after=2, ledger=CommandLedger(ledger_file))
    send(resumed, once)
    send(resumed, every2)
    kicks = [(epoch, k.command.command_id) for epoch in range(3, 7) for k in _applied(resumed, epoch)]

    assert kicks == [(3, "once"), (4, "every2"), (6, "every2")]
    assert [(a.command_id, a.epoch) for a in acks] == [("every2", 6)]


def _applied(d, epoch):
    due = d.due_after(epoch)
    for kick in due:
        d.applied(kick, epoch)
    return due


def test_each_failed_check_is_refused_with_its_reason_and_the_run_goes_on_taking_good_commands(acks):
    d = desk(acks, verifier=True)
    unsigned = command("unsigned", Schedule.next_epoch())
    unknown = command("unknown-key", Schedule.next_epoch())
    tampered = command("tampered-body", Schedule.next_epoch())
    stronger = command("tampered-body", Schedule.next_epoch(), kind="full_reset")
    redirected = command("redirected", Schedule.next_epoch())
    stale = command("stale", Schedule.next_epoch(), issued=NOW.plus_nanos(-301 * 10**9))

    d.receive(Headers.for_command(unsigned, "/test"), unsigned.to_json())
    send_signed(d, unknown, CommandKey("k9", bytes([9] * 32)))
    d.receive(CommandSigner(KEY).sign(Headers.for_command(tampered, "/test"), tampered.to_json()), stronger.to_json())
    d.receive(dict(CommandSigner(KEY).sign(Headers.for_command(redirected, "/test"), redirected.to_json()),
                   ce_subject="exp-s1"), redirected.to_json())
    send_signed(d, stale)
    send_signed(d, command("good", Schedule.next_epoch()))

    assert apply_through(d, 1, 2) == [1]
    assert [(a.command_id, a.status, a.reason) for a in acks] == [
        ("unsigned", "refused", FAILED + "unsigned: the command has no firstpass-key-id and firstpass-signature headers"),
        ("unknown-key", "refused", FAILED + "unknown key id: 'k9' is not among the accepted keys (k1)"),
        ("tampered-body", "refused", FAILED + "bad signature: the body or a signed header (%s) is not what key 'k1'"
                                              " signed" % SIGNED),
        ("redirected", "refused", FAILED + "bad signature: the body or a signed header (%s) is not what key 'k1'"
                                           " signed" % SIGNED),
        ("stale", "refused", FAILED + "stale: ce_time 2025-03-01T11:54:59Z is 5 min 1 s before this clock's"
                                      " 2025-03-01T12:00:00Z; commands are accepted within 5 min of it"),
        ("good", "applied", None)]


def test_a_forgery_ahead_of_the_genuine_command_with_the_same_id_does_not_shadow_it(acks, tmp_path):
    ledger_file = str(tmp_path / "commands.ledger")
    d = desk(acks, ledger=CommandLedger(ledger_file), verifier=True)
    genuine = command("exp/exp-s0/1-probe-3", Schedule.periodic(3, 3))
    forged = command("exp/exp-s0/1-probe-3", Schedule.periodic(1, 1), kind="full_reset")

    send(d, forged)
    send_signed(d, genuine)

    assert apply_through(d, 1, 6) == [3, 6]
    assert [(a.status, a.epoch) for a in acks] == [("refused", None), ("applied", 3), ("applied", 6)]
    assert [e.ack.status for e in CommandLedger(ledger_file).entries()] == ["applied", "applied"]


def test_a_copy_of_a_taken_command_is_ignored_as_a_duplicate_not_refused_as_replayed(acks):
    clock = Clock()
    d = desk(acks, clock=clock, verifier=True)
    c = command("c1", Schedule.next_epoch())
    headers = CommandSigner(KEY).sign(Headers.for_command(c, "/test"), c.to_json())
    forged_copy = {k: v for k, v in headers.items() if k != "firstpass-signature"}

    d.receive(headers, c.to_json())
    clock.now = NOW.plus_nanos(30 * 10**9)
    d.receive(headers, c.to_json())
    d.receive(forged_copy, c.to_json())

    assert apply_through(d, 1, 3) == [1]
    assert [(a.command_id, a.status) for a in acks] == [("c1", "applied")]


def test_a_restarted_run_skips_old_answers_refuses_stale_unseen_ones_and_retakes_admitted_schedules(acks, tmp_path):
    ledger_file = str(tmp_path / "commands.ledger")
    clock = Clock()
    first = desk(acks, ledger=CommandLedger(ledger_file), clock=clock, verifier=True)
    answered = command("answered", Schedule.next_epoch())
    every4 = command("every4", Schedule.periodic(4, 4))
    send_signed(first, answered)
    send_signed(first, every4)
    apply_through(first, 1, 2)
    missed = command("missed", Schedule.next_epoch(), issued=NOW.plus_nanos(60 * 10**9))
    acks.clear()

    # An hour later the run resumes after epoch 2 and re-reads the topic from the beginning.
    clock.now = NOW.plus_nanos(3600 * 10**9)
    resumed = desk(acks, resumed_after=2, ledger=CommandLedger(ledger_file), clock=clock, verifier=True)
    send_signed(resumed, answered)
    send_signed(resumed, every4)
    send_signed(resumed, missed)

    assert apply_through(resumed, 3, 9) == [4, 8]
    assert [(a.command_id, a.status, a.epoch, a.reason) for a in acks] == [
        ("missed", "refused", None, FAILED + "stale: ce_time 2025-03-01T12:01:00Z is 59 min before this clock's"
                                             " 2025-03-01T13:00:00Z; commands are accepted within 5 min of it"),
        ("every4", "applied", 4, None), ("every4", "applied", 8, None)]
