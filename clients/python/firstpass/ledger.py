"""Every answer a run gave to a command, with the command, and every signed command it admitted.

Kept in a file when the run has a state folder, so a restarted process of the same run neither answers a
command twice nor re-applies one it answered; the lines are those of the Java trainer's ledger (the
ack's JSON, a tab, the command's JSON; or ``admitted``, a tab, the command's JSON).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import List, Optional

from .javatext import Instant
from .protocol import Ack, Command, parse_command, read_object

_ADMITTED = "admitted\t"


@dataclass(frozen=True)
class Entry:
    ack: Ack
    command: Optional[Command]

    @property
    def applied(self) -> bool:
        return self.ack.status == "applied"


class CommandLedger:
    def __init__(self, path: Optional[str] = None):
        self.path = path
        self._entries: List[Entry] = []
        self._admitted = set()
        self._lock = threading.Lock()
        if path is not None and os.path.exists(path):
            with open(path, "r", encoding="utf-8") as f:
                for line in f.read().splitlines():
                    if line.startswith(_ADMITTED):
                        self._admitted.add(parse_command(line[len(_ADMITTED):].encode("utf-8")).command_id)
                    elif line.strip():
                        self._entries.append(_parse(line))

    def entries(self) -> List[Entry]:
        with self._lock:
            return list(self._entries)

    def applied_after(self, command_id: str, epoch: int) -> bool:
        with self._lock:
            return any(e.applied and e.ack.command_id == command_id and e.ack.epoch == epoch for e in self._entries)

    def admitted(self, command_id: str) -> bool:
        with self._lock:
            return command_id in self._admitted

    def append(self, ack: Ack, command: Optional[Command]) -> None:
        with self._lock:
            self._write(ack.to_json().decode("utf-8") + "\t" + ("" if command is None else command.to_json().decode("utf-8")))
            self._entries.append(Entry(ack, command))

    def admit(self, command: Command) -> None:
        with self._lock:
            if command.command_id not in self._admitted:
                self._admitted.add(command.command_id)
                self._write(_ADMITTED + command.to_json().decode("utf-8"))

    def _write(self, line: str) -> None:
        if self.path is not None:
            with open(self.path, "a", encoding="utf-8") as f:
                f.write(line + "\n")
                f.flush()
                os.fsync(f.fileno())


def _parse(line: str) -> Entry:
    ack_text, _, command_text = line.partition("\t")
    fields = read_object(ack_text.encode("utf-8"))
    ack = Ack(fields["command_id"], fields["experiment"], fields["run_id"], fields["status"], fields.get("epoch"),
              fields.get("reason"), Instant.parse(fields["time"]))
    return Entry(ack, parse_command(command_text.encode("utf-8")) if command_text else None)
