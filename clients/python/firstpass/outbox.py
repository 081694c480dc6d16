"""The records a run handed over but Kafka has not confirmed, oldest first: a bounded queue in memory,
and behind it a spool file for what does not fit (a broker outage), delivered in order once Kafka answers.

Order holds because everything in memory is older than everything in the spool: a record goes to memory
only while the spool is empty, and memory refills from the front of the spool. The spool file has the
Java trainer's format (base64 of topic, key and value on one line) and a side file with how far it has
been taken, so a later process of the same run sends what an earlier one left.
"""

from __future__ import annotations

import base64
import logging
import os
import threading
import time
from dataclasses import dataclass
from typing import List

LOG = logging.getLogger("firstpass.publish")


@dataclass(frozen=True)
class OutboundRecord:
    topic: str
    key: str
    value: bytes

    def to_line(self) -> str:
        return " ".join(base64.b64encode(part).decode("ascii")
                        for part in (self.topic.encode("utf-8"), self.key.encode("utf-8"), self.value))

    @staticmethod
    def from_line(line: str) -> "OutboundRecord":
        fields = line.split(" ")
        if len(fields) != 3:
            raise ValueError("a spooled record has 3 fields, found %d" % len(fields))
        topic, key, value = (base64.b64decode(f, validate=True) for f in fields)
        return OutboundRecord(topic.decode("utf-8"), key.decode("utf-8"), value)


class SpoolFile:
    """A first-in first-out queue of records in a file; not thread-safe (the Outbox guards it)."""

    def __init__(self, path: str):
        self.path = path
        self.position_path = path + ".pos"
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        try:
            self.position = int(open(self.position_path).read().strip()) if os.path.exists(self.position_path) else 0
            self.pending = self._count_lines_from(self.position) if os.path.exists(path) else 0
        except (OSError, ValueError) as e:
            raise RuntimeError("spool %s cannot be opened: %s" % (path, e)) from e
        if self.pending == 0:
            self._clear()

    def is_empty(self) -> bool:
        return self.pending == 0

    def append(self, record: OutboundRecord) -> None:
        with open(self.path, "a", encoding="ascii") as f:
            f.write(record.to_line() + "\n")
        self.pending += 1

    def take(self, maximum: int) -> List[OutboundRecord]:
        """Removes and returns up to ``maximum`` records from the front."""
        taken = []
        with open(self.path, "rb") as f:
            f.seek(self.position)
            while len(taken) < maximum and self.pending > 0:
                line = f.readline()
                if not line:
                    break
                self.position += len(line)
                self.pending -= 1
                text = line.decode("ascii", "replace").rstrip("\n")
                try:
                    taken.append(OutboundRecord.from_line(text))
                except (ValueError, UnicodeDecodeError) as e:
                    # A line cut short by a crash while it was written cannot be delivered; the rest still can.
                    LOG.warning("skipping an unreadable line of spool %s: %s", self.path, e)
        if self.pending == 0:
            self._clear()
        else:
            with open(self.position_path, "w") as f:
                f.write(str(self.position))
        return taken

    def prepend(self, front: List[OutboundRecord]) -> None:
        """Puts ``front`` ahead of everything still spooled, in one atomic replacement of the file."""
        if not front:
            return
        rest = self.take(self.pending) if self.pending else []
        temporary = self.path + ".tmp"
        with open(temporary, "w", encoding="ascii") as f:
            for record in front + rest:
                f.write(record.to_line() + "\n")
        os.replace(temporary, self.path)
        if os.path.exists(self.position_path):
            os.remove(self.position_path)
        self.position = 0
        self.pending = len(front) + len(rest)

    def _clear(self) -> None:
        for path in (self.path, self.position_path):
            if os.path.exists(path):
                os.remove(path)
        self.position = 0

    def _count_lines_from(self, start: int) -> int:
        with open(self.path, "rb") as f:
            f.seek(start)
            return sum(1 for _ in f)


class Outbox:
    """Bounded in memory, spooled beyond; ``add`` never blocks on Kafka."""

    def __init__(self, capacity: int, spool: SpoolFile):
        self.capacity = capacity
        self.spool = spool
        self.memory: List[OutboundRecord] = []
        self.spooled = 0
        self._changed = threading.Condition()

    def add(self, record: OutboundRecord) -> None:
        with self._changed:
            if self.spool.is_empty() and len(self.memory) < self.capacity:
                self.memory.append(record)
            else:
                self.spool.append(record)
                self.spooled += 1
            self._changed.notify_all()

    def oldest(self, maximum: int, timeout: float) -> List[OutboundRecord]:
        """Up to ``maximum`` of the oldest records, left in place until ``remove_oldest`` confirms them."""
        with self._changed:
            self._refill()
            if not self.memory and timeout > 0:
                self._changed.wait(timeout)
                self._refill()
            return list(self.memory[:maximum])

    def remove_oldest(self, count: int) -> None:
        with self._changed:
            del self.memory[:count]
            self._refill()
            self._changed.notify_all()

    def size(self) -> int:
        with self._changed:
            return len(self.memory) + self.spool.pending

    def await_empty(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self.memory) + self.spool.pending > 0:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._changed.wait(left)
            return True

    def spool_everything(self) -> None:
        """Moves what is still in memory to the front of the spool, so a later process sends it first."""
        with self._changed:
            self.spool.prepend(list(self.memory))
            self.memory.clear()

    def _refill(self) -> None:
        if len(self.memory) < self.capacity and not self.spool.is_empty():
            self.memory.extend(self.spool.take(self.capacity - len(self.memory)))
