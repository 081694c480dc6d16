"""One training run under FirstPass: announce it, report each epoch, apply the kicks due, finish.

.. code-block:: python

    with firstpass.start_run("cifar-resnet", run_id="seed-3", seed=3, max_epochs=100, controllable=True,
                             model=model, optimizer=optimizer, scheduler=scheduler,
                             kafka=firstpass.KafkaSettings("kafka:9092")) as run:
        for epoch in range(1, 101):
            train_one_epoch(model, optimizer)
            run.report_epoch(epoch, {"test_acc": evaluate(model)})
            run.apply_commands(epoch)

A kick "after epoch k" acts between epoch k's evaluation and epoch k+1's training, so epoch k's event
carries the value before the kick, as the Java trainer reports it. Training never waits for Kafka:
records wait in memory, then in a spool file, while the brokers are away.
"""

from __future__ import annotations

import logging
import math
import numbers
import os
import tempfile
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence, Union

from . import seeds
from .desk import CommandDesk
from .javatext import Instant, java_double
from .kafka import CommandListener, KafkaSettings, KafkaSink
from .ledger import CommandLedger
from .perturb import LocalSchedule, Perturbation, TrainingTarget
from .protocol import Ack, EpochEvent, InvalidRecordError, RunFinished, RunStarted
from .signing import DEFAULT_WINDOW_SECONDS, CommandKeyRing, CommandVerifier

LOG = logging.getLogger("firstpass.run")
_UNAUTHENTICATED_WARNED = [False]


@dataclass(frozen=True)
class Kick:
    """A perturbation a run applied: after which epoch, what, why, and the run's count of kicks after it."""

    epoch: int
    perturbation: Perturbation
    command_id: Optional[str]
    perturbations_applied: int

    @property
    def source(self) -> str:
        return "local schedule" if self.command_id is None else "command " + self.command_id


class Run:
    """A run; build it with :func:`start_run`, which checks every setting and announces the run."""

    def __init__(self, experiment: str, run_id: Optional[str] = None, *, max_epochs: int, seed: int = 0,
                 arm: Optional[str] = None, model=None, optimizer=None, scheduler=None, initializer=None,
                 controllable: bool = False, kafka: Optional[KafkaSettings] = None,
                 command_keys: Union[CommandKeyRing, str, None] = None,
                 command_window: float = DEFAULT_WINDOW_SECONDS, local_schedule: Optional[LocalSchedule] = None,
                 record_dir: Optional[str] = None, state_dir: Optional[str] = None, publish_epochs: bool = True,
                 config: Optional[Dict[str, object]] = None, hyperparams: Optional[Dict[str, object]] = None,
                 on_kick: Optional[Callable[[Kick], None]] = None, ack_local_kicks: bool = False,
                 segment: int = 0, resumed_after_epoch: int = 0,
                 clock: Callable[[], Instant] = Instant.now):
        if isinstance(command_keys, str):
            command_keys = CommandKeyRing.parse(command_keys, "command_keys")
        problems = _problems(experiment, run_id, max_epochs, model, controllable, kafka, command_keys,
                             command_window, local_schedule, segment, resumed_after_epoch)
        self.config = _texts("config", config, problems)
        self.hyperparams = _texts("hyperparams", hyperparams, problems)
        if problems:
            raise ValueError("invalid run: " + "; ".join(problems))
        self.experiment = experiment
        self.run_id = run_id if run_id is not None else "%s-s%d" % (experiment, seed)
        self.arm = arm
        self.seed = seed
        self.max_epochs = max_epochs
        self.controllable = controllable
        self.kafka = kafka
        self.command_keys = command_keys
        self.command_window = command_window
        self.local_schedule = local_schedule
        self.record_dir = record_dir
        self.state_dir = state_dir
        self.publish_epochs = publish_epochs
        self.on_kick = on_kick
        self.ack_local_kicks = ack_local_kicks
        self.segment = segment
        self.clock = clock
        self.target = None if model is None else TrainingTarget(model, optimizer, scheduler, initializer)
        self.last_epoch = resumed_after_epoch
        self.kicks: List[Kick] = []
        self.perturbations_applied = 0
        self.finished: Optional[str] = None
        self.refusals: List[Ack] = []
        # Records left in the spool file when the run closed, for the next start of the same run.
        self.undelivered = 0
        self._sink: Optional[KafkaSink] = None
        self._desk: Optional[CommandDesk] = None
        self._listener: Optional[CommandListener] = None
        self._recording = None
        self._started = False

    # ------------------------------------------------------------------------------------- lifecycle

    def start(self) -> "Run":
        """Connects, announces the run and, when controllable, reads the commands already waiting for it."""
        if self._started:
            raise RuntimeError("run %s has already started" % self.run_id)
        self._started = True
        if self.record_dir is not None:
            os.makedirs(self.record_dir, exist_ok=True)
            self._recording = open(os.path.join(self.record_dir, self.run_id + ".jsonl"), "ab")
        if self.kafka is not None:
            self._sink = KafkaSink(self.kafka, self.run_id, self._spool_path())
            if self.controllable:
                ledger = CommandLedger(None if self.state_dir is None
                                       else os.path.join(self._state_folder(), "commands.ledger"))
                self._desk = CommandDesk(self.experiment, self.run_id, self.max_epochs, self.last_epoch, ledger,
                                         self._answer, self.clock, self._verifier())
                self._listener = CommandListener(self.kafka, self.run_id, self._desk.receive)
        self._send(self.kafka.lifecycle_topic if self.kafka else None, RunStarted(
            self.experiment, self.run_id, self.arm, self.clock(), self.seed, self.max_epochs, self.controllable,
            self._announced_config()))
        if self._listener is not None and not self._listener.await_caught_up(self.kafka.catch_up_timeout):
            LOG.warning("run %s: commands already waiting were not all read within %.0f s; training starts anyway",
                        self.run_id, self.kafka.catch_up_timeout)
        return self

    def report_epoch(self, epoch: int, metrics: Dict[str, object]) -> EpochEvent:
        """Publishes (and records) epoch ``epoch``'s metrics; epochs count from 1 and follow each other.

        Metric values may be numbers or one-element tensors; NaN and infinities are kept and flagged.
        """
        self._require_running()
        if epoch != self.last_epoch + 1:
            raise ValueError("epochs count from 1 and follow each other: expected epoch %d, got %s"
                             % (self.last_epoch + 1, epoch))
        if epoch > self.max_epochs:
            raise ValueError("epoch %d is past the run's max_epochs %d" % (epoch, self.max_epochs))
        event = EpochEvent(self.experiment, self.run_id, self.current_arm(), epoch, self.segment, self.clock(),
                           _numbers(metrics), self.perturbations_applied, self.hyperparams)
        self.last_epoch = epoch
        if self._recording is not None:
            self._recording.write(event.to_json() + b"\n")
            self._recording.flush()
        if self.publish_epochs:
            self._send(self.kafka.epoch_topic if self.kafka else None, event)
        return event

    def apply_commands(self, epoch: Optional[int] = None) -> List[Kick]:
        """Applies the kicks due after ``epoch`` (the last reported one by default) to the model, its
        optimizers and schedulers: the local schedule's, then the commands', each acked with ``epoch``."""
        self._require_running()
        epoch = self.last_epoch if epoch is None else epoch
        if epoch != self.last_epoch:
            raise ValueError("kicks act after the last reported epoch %d, not after epoch %s" % (self.last_epoch, epoch))
        applied = []
        if self.local_schedule is not None and epoch < self.max_epochs and self.local_schedule.due_after(epoch):
            applied.append(self._kick(self.local_schedule.perturbation, epoch, None))
            if self.ack_local_kicks:
                # The monitor learns kicks from applied acks only; a command-less kick is named as replay names
                # recorded ones, so a live run kicked on its own schedule is analysed with its kicks.
                self._send(self.kafka.acks_topic if self.kafka else None, Ack(
                    "local/%s/%d" % (self.run_id, epoch), self.experiment, self.run_id, "applied", epoch, None,
                    self.clock()))
        if self._desk is not None:
            for due in self._desk.due_after(epoch):
                applied.append(self._kick(due.perturbation, epoch, due.command.command_id))
                self._desk.applied(due, epoch)
        return applied

    def end_epoch(self, epoch: int, metrics: Dict[str, object]) -> List[Kick]:
        """:meth:`report_epoch` then :meth:`apply_commands`: the whole epoch boundary in one call."""
        self.report_epoch(epoch, metrics)
        return self.apply_commands(epoch)

    def finish(self, reason: Optional[str] = None) -> None:
        """Refuses the commands that can no longer act, publishes run-finished and delivers what is unsent.

        ``reason`` is completed, stopped or failed; by default completed when the run reached its
        max_epochs, else stopped.
        """
        if self.finished is not None or not self._started:
            return
        reason = reason or ("completed" if self.last_epoch >= self.max_epochs else "stopped")
        message = RunFinished(self.experiment, self.run_id, self.clock(), reason, self.last_epoch)
        self.finished = reason
        try:
            if self._desk is not None:
                self._desk.finish(self.last_epoch)
            self._send(self.kafka.lifecycle_topic if self.kafka else None, message)
        finally:
            self.close()

    def close(self, timeout: Optional[float] = None) -> None:
        """Stops listening and delivers what is unsent for up to ``timeout`` seconds (the settings' close
        timeout by default); what is left stays spooled for the next start of this run. Sends no
        run-finished: a run closed without :meth:`finish` looks killed, as a crashed job would."""
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        if self._sink is not None:
            self._sink.close(self.kafka.close_timeout if timeout is None else timeout)
            self.undelivered = self._sink.unsent()
            self._sink = None
        if self._recording is not None:
            self._recording.close()
            self._recording = None

    def __enter__(self) -> "Run":
        if not self._started:
            self.start()
        return self

    def __exit__(self, kind, error, trace) -> None:
        self.finish("failed" if error is not None else None)

    # --------------------------------------------------------------------------------------- queries

    def current_arm(self) -> Optional[str]:
        """The arm a controller command assigned, else the one the run was started with."""
        assigned = None if self._desk is None else self._desk.assigned_arm()
        return assigned if assigned is not None else self.arm

    def unsent(self) -> int:
        """Records handed over but not yet confirmed by Kafka."""
        return 0 if self._sink is None else self._sink.unsent()

    # ------------------------------------------------------------------------------------- internals

    def _kick(self, perturbation: Perturbation, epoch: int, command_id: Optional[str]) -> Kick:
        if self.target is None:
            raise RuntimeError("run %s has a kick due but no model to apply it to" % self.run_id)
        perturbation.apply(self.target, seeds.derive(self.seed, seeds.KICK, self.perturbations_applied))
        self.perturbations_applied += 1
        kick = Kick(epoch, perturbation, command_id, self.perturbations_applied)
        self.kicks.append(kick)
        LOG.info("run %s: %s after epoch %d (%s)", self.run_id, perturbation.describe(), epoch, kick.source)
        if self.on_kick is not None:
            self.on_kick(kick)
        return kick

    def _answer(self, ack: Ack) -> None:
        if ack.status == "refused":
            self.refusals.append(ack)
        self._send(self.kafka.acks_topic, ack)

    def _send(self, topic: Optional[str], message) -> None:
        if self._sink is not None and topic is not None:
            self._sink.send(topic, message.to_json())

    def _verifier(self) -> Optional[CommandVerifier]:
        if self.command_keys is None:
            if not _UNAUTHENTICATED_WARNED[0]:
                _UNAUTHENTICATED_WARNED[0] = True
                LOG.warning("commands are not authenticated: anyone who can write to %s can perturb the runs of this"
                            " process; give them command keys to take signed commands only (command_keys= or"
                            " FIRSTPASS_COMMAND_KEYS; docs/security.md)", self.kafka.commands_topic)
            return None
        return CommandVerifier(self.command_keys, self.command_window, self.clock)

    def _announced_config(self) -> Dict[str, str]:
        config = dict(self.config)
        config["client"] = "python"
        config["segment"] = str(self.segment)
        config["resumed_after_epoch"] = str(self.last_epoch)
        config["kicks"] = "none" if self.local_schedule is None else self.local_schedule.describe()
        if self.controllable:
            # Key ids only: which keys a run trusts is worth auditing, the secrets are not to be shown.
            config["command_keys"] = "none" if self.command_keys is None else ",".join(self.command_keys.ids())
        return config

    def _state_folder(self) -> str:
        folder = os.path.join(self.state_dir, self.run_id)
        os.makedirs(folder, exist_ok=True)
        return folder

    def _spool_path(self) -> str:
        if self.state_dir is not None:
            return os.path.join(self._state_folder(), "unsent.spool")
        folder = self.kafka.spool_dir or os.path.join(tempfile.gettempdir(), "firstpass-spool")
        return os.path.join(folder, self.run_id + ".spool")

    def _require_running(self) -> None:
        if not self._started:
            raise RuntimeError("run %s has not started: use start_run(...) or run.start()" % self.run_id)
        if self.finished is not None:
            raise RuntimeError("run %s has finished (%s)" % (self.run_id, self.finished))


def start_run(experiment: str, run_id: Optional[str] = None, **settings) -> Run:
    """Checks every setting (all problems at once, each naming the value and the rule), then announces
    the run and returns it; see :class:`Run` for the settings."""
    return Run(experiment, run_id, **settings).start()


def _problems(experiment, run_id, max_epochs, model, controllable, kafka, keys, window, local_schedule, segment,
              resumed_after) -> List[str]:
    problems = []
    if experiment is None or not str(experiment).strip():
        problems.append("experiment must not be blank: %s" % _quoted(experiment))
    if run_id is not None and (not run_id.strip() or "/" in run_id or "\\" in run_id):
        problems.append("run id must be non-blank and contain no path separator: %s" % _quoted(run_id))
    if not isinstance(max_epochs, int) or max_epochs < 1:
        problems.append("max_epochs must be at least 1: %s" % (max_epochs,))
    if kafka is not None:
        problems.extend(kafka.problems())
    if controllable and kafka is None:
        problems.append("a controllable run needs Kafka to receive commands: pass kafka=KafkaSettings(...)")
    if keys is not None and not controllable:
        problems.append("command keys authenticate commands, so they need a controllable run")
    if window is None or window <= 0:
        problems.append("command window must be positive: %s" % (window,))
    if model is None and (controllable or local_schedule is not None):
        problems.append("a run that takes kicks needs the model they act on: pass model=")
    if segment < 0:
        problems.append("segment must be at least 0: %d" % segment)
    if resumed_after < 0:
        problems.append("resumed_after_epoch must be at least 0: %d" % resumed_after)
    return problems


def _quoted(text) -> str:
    return "null" if text is None else '"%s"' % text


def _texts(what: str, values: Optional[Dict[str, object]], problems: List[str]) -> Dict[str, str]:
    """Values as the text the protocol carries: numbers as Java writes them, booleans as true and false."""
    texts = {}
    for name, value in (values or {}).items():
        if isinstance(value, bool):
            texts[str(name)] = "true" if value else "false"
        elif isinstance(value, numbers.Integral):
            texts[str(name)] = str(int(value))
        elif isinstance(value, numbers.Real):
            texts[str(name)] = java_double(float(value))
        elif isinstance(value, str):
            texts[str(name)] = value
        else:
            problems.append("%s '%s' must be text, a number or a boolean: %r" % (what, name, value))
    return texts


def _numbers(metrics: Dict[str, object]) -> Dict[str, float]:
    if not isinstance(metrics, dict):
        raise InvalidRecordError(["metrics must be a mapping of names to numbers: %r" % (metrics,)])
    values, problems = {}, []
    for name, value in metrics.items():
        if hasattr(value, "item") and callable(value.item):
            try:
                value = value.item()
            except (ValueError, RuntimeError):
                problems.append("metric '%s' must be a number or a one-element tensor: %r" % (name, value))
                continue
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            problems.append("metric '%s' must be a number: %r" % (name, value))
            continue
        values[str(name)] = float(value)
    if problems:
        raise InvalidRecordError(problems)
    return values
