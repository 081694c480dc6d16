"""What happens to each command addressed to one run, as the Java trainer's ``CommandDesk`` decides it.

A record is authenticated first (when the run has keys), then read and checked; a known command id is
ignored; what cannot be carried out is refused with an ack that says why; the rest waits for the next
epoch boundary. At each boundary the training loop asks what is due and reports what it applied, which
is acked with the epoch after which it acted. A new periodic schedule replaces the previous one; a
``stop`` cancels it. The arm named by the latest accepted command becomes the run's arm.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional

from .javatext import Instant
from .ledger import CommandLedger
from .perturb import Perturbation, of as perturbation_of
from .protocol import Ack, Command, Headers, InvalidRecordError, Schedule, parse_command
from .signing import CommandVerifier, Verification

LOG = logging.getLogger("firstpass.commands")

AUTHENTICATION_FAILED = "command authentication failed: "


@dataclass(frozen=True)
class DueKick:
    """A perturbation to apply at the current epoch boundary, with the command that ordered it."""

    command: Command
    perturbation: Perturbation


class CommandDesk:
    """The commands of one run; ``receive`` runs on the listener thread, the rest on the training thread."""

    def __init__(self, experiment: str, run_id: str, last_epoch: int, resumed_after: int, ledger: CommandLedger,
                 acks: Callable[[Ack], None], clock: Callable[[], Instant] = Instant.now,
                 verifier: Optional[CommandVerifier] = None):
        self.experiment = experiment
        self.run_id = run_id
        self.last_epoch = last_epoch
        self.ledger = ledger
        self.acks = acks
        self.clock = clock
        self.verifier = verifier
        self._lock = threading.RLock()
        self._known = set()
        self._arrived: List[Command] = []
        self._periodic: List[Command] = []
        self._replays: Dict[int, List[Command]] = {}
        self._assigned_arm: Optional[str] = None
        self._boundary = resumed_after
        for entry in ledger.entries():
            self._known.add(entry.ack.command_id)
            command = entry.command
            if not entry.applied or command is None:
                continue
            self._adopt_arm(command)
            if command.schedule.type == "periodic":
                if not any(p.command_id == command.command_id for p in self._periodic):
                    self._periodic = [command]
            elif command.schedule.type == "stop":
                self._periodic = []
            elif entry.ack.epoch > resumed_after:
                self._replays.setdefault(entry.ack.epoch, []).append(command)

    def receive(self, headers: Dict[str, str], body: bytes) -> None:
        """Takes one record keyed by this run's id."""
        with self._lock:
            fresh = False
            if self.verifier is not None:
                verdict = self.verifier.verify(headers, body)
                claimed = _claimed_id(headers, body)
                admitted_before = (verdict.outcome == Verification.STALE and claimed is not None
                                   and self.ledger.admitted(claimed))
                if not verdict.accepted and not admitted_before:
                    self._turn_away(claimed, verdict, body)
                    return
                fresh = verdict.accepted
            header_id = headers.get(Headers.ID)
            try:
                command = parse_command(body)
            except InvalidRecordError as e:
                if header_id is None or header_id.strip() == "":
                    LOG.warning("run %s: dropping a command without ce_id that cannot be read: %s", self.run_id, e)
                elif header_id not in self._known:
                    self._known.add(header_id)
                    self._refuse_unreadable(header_id, e)
                return
            if command.command_id in self._known:
                LOG.debug("run %s: ignoring duplicate command %s", self.run_id, command.command_id)
                return
            self._known.add(command.command_id)
            problem = self._problem_with(command, headers)
            if problem is not None:
                self._refuse(command.command_id, command.experiment, command, problem)
                return
            if fresh:
                self.ledger.admit(command)
            self._arrived.append(command)

    def _turn_away(self, claimed: Optional[str], verdict: Verification, body: bytes) -> None:
        if claimed is None:
            LOG.warning("run %s: dropping a command without ce_id or command_id: %s", self.run_id, verdict.reason())
            return
        if claimed in self._known:
            LOG.debug("run %s: ignoring command %s, already known: %s", self.run_id, claimed, verdict.reason())
            return
        reason = AUTHENTICATION_FAILED + verdict.reason()
        if verdict.authentic:
            self._known.add(claimed)
            command = _parsed_or_none(body)
            self._refuse(claimed, None if command is None else command.experiment, command, reason)
            return
        # A record that failed its signature is answered but not written to the ledger: its sender is
        # unknown, and a forgery sent ahead of a genuine command with its id must not make the run
        # ignore the genuine one.
        LOG.warning("run %s: refusing command %s: %s", self.run_id, claimed, reason)
        self.acks(Ack(claimed, self.experiment, self.run_id, "refused", None, reason, self.clock()))

    def due_after(self, epoch: int) -> List[DueKick]:
        """The kicks to apply between epoch ``epoch``'s evaluation and the next epoch's training, in order:
        replays of kicks acked before a resume, commands that arrived, periodic schedules firing now."""
        with self._lock:
            self._boundary = epoch
            due = [self._kick(c) for c in self._replays.pop(epoch, [])]
            while self._arrived:
                command = self._arrived.pop(0)
                self._adopt_arm(command)
                kind = command.schedule.type
                if kind == "periodic":
                    self._periodic = [command]
                elif kind == "stop":
                    self._periodic = []
                    self._acknowledge(command, epoch)
                elif epoch < self.last_epoch:
                    due.append(self._kick(command))
                else:
                    self._refuse(command.command_id, command.experiment, command,
                                 "the run ended after epoch %d before the command could act" % self.last_epoch)
            if epoch < self.last_epoch:
                due.extend(self._kick(c) for c in self._periodic if c.schedule.fires_after(epoch))
            return due

    def applied(self, kick: DueKick, epoch: int) -> None:
        """Records that ``kick`` acted after ``epoch`` and acks it, unless that was acked before."""
        with self._lock:
            self._acknowledge(kick.command, epoch)

    def assigned_arm(self) -> Optional[str]:
        with self._lock:
            return self._assigned_arm

    def finish(self, epoch: int) -> None:
        """Refuses what will now never act: commands still waiting, periodic schedules that never fired."""
        with self._lock:
            reason = "the run finished after epoch %d before the command could act" % epoch
            while self._arrived:
                command = self._arrived.pop(0)
                self._refuse(command.command_id, command.experiment, command, reason)
            for command in self._periodic:
                acted = any(e.applied and e.ack.command_id == command.command_id for e in self.ledger.entries())
                if not acted:
                    self._refuse(command.command_id, command.experiment, command, reason)
            self._periodic = []

    def _acknowledge(self, command: Command, epoch: int) -> None:
        if self.ledger.applied_after(command.command_id, epoch):
            return
        ack = Ack.applied(command, epoch, self.clock())
        self.ledger.append(ack, command)
        self.acks(ack)

    def _adopt_arm(self, command: Command) -> None:
        if command.arm is not None:
            self._assigned_arm = command.arm

    def _problem_with(self, command: Command, headers: Dict[str, str]) -> Optional[str]:
        if command.run_id != self.run_id:
            return "command is for run %s, this is run %s" % (command.run_id, self.run_id)
        if command.experiment != self.experiment:
            return "command is for experiment %s, run %s belongs to %s" % (command.experiment, self.run_id,
                                                                           self.experiment)
        header_problems = Headers.violations(headers, command)
        if header_problems:
            return "invalid CloudEvents headers: " + "; ".join(header_problems)
        if command.schedule.type == "stop":
            return None
        try:
            perturbation_of(command.kind, command.params)
        except ValueError as e:
            return "invalid parameters: %s" % e
        if command.schedule.type == "periodic":
            first = _first_firing(command.schedule, self._boundary + 1)
            if first >= self.last_epoch:
                return "schedule first acts after epoch %d, but the run ends after epoch %d" % (first, self.last_epoch)
        return None

    def _kick(self, command: Command) -> DueKick:
        return DueKick(command, perturbation_of(command.kind, command.params))

    # An ack names the command by its id; a ce_id that breaks the rules for ids cannot be named, and
    # raising here would stop the listener for every later command.
    def _refuse_unreadable(self, header_id: str, unreadable: InvalidRecordError) -> None:
        try:
            self._refuse(header_id, self.experiment, None, "invalid command: %s" % unreadable)
        except InvalidRecordError as unanswerable:
            LOG.warning("run %s: dropping a command that cannot be read and whose ce_id cannot be answered (%s): %s",
                        self.run_id, unanswerable, unreadable)

    def _refuse(self, command_id: str, experiment: Optional[str], command: Optional[Command], reason: str) -> None:
        LOG.info("run %s: refusing command %s: %s", self.run_id, command_id, reason)
        ack = Ack(command_id, experiment or self.experiment, self.run_id, "refused", None, reason, self.clock())
        self.ledger.append(ack, command)
        self.acks(ack)


def _first_firing(schedule: Schedule, earliest: int) -> int:
    if earliest <= schedule.from_epoch:
        return schedule.from_epoch
    periods = (earliest - schedule.from_epoch + schedule.every - 1) // schedule.every
    return schedule.from_epoch + periods * schedule.every


def _claimed_id(headers: Dict[str, str], body: bytes) -> Optional[str]:
    header_id = headers.get(Headers.ID)
    if header_id is not None and header_id.strip() != "":
        return header_id
    command = _parsed_or_none(body)
    return None if command is None else command.command_id


def _parsed_or_none(body: bytes) -> Optional[Command]:
    try:
        return parse_command(body)
    except InvalidRecordError:
        return None
