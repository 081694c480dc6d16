"""FirstPass for PyTorch training scripts: report epochs, take perturbation commands, apply them.

A few lines adopt it in a plain training loop; see :func:`start_run` and clients/python/README.md.
"""

from .javatext import Instant
from .kafka import KafkaSettings, Security
from .perturb import (LocalSchedule, Perturbation, TrainingTarget, full_reset, partial_reset, shrink_perturb,
                      warm_restart, weight_noise)
from .perturb import of as perturbation
from .protocol import Ack, Command, EpochEvent, InvalidRecordError, RunFinished, RunStarted, Schedule, Topics
from .run import Kick, Run, start_run
from .signing import CommandKey, CommandKeyRing, CommandSigner, CommandVerifier

__version__ = "0.1.0"

__all__ = ["Ack", "Command", "CommandKey", "CommandKeyRing", "CommandSigner", "CommandVerifier", "EpochEvent",
           "Instant", "InvalidRecordError", "KafkaSettings", "Kick", "LocalSchedule", "Perturbation", "Run",
           "RunFinished", "RunStarted", "Schedule", "Security", "Topics", "TrainingTarget", "full_reset",
           "partial_reset", "perturbation", "shrink_perturb", "start_run", "warm_restart", "weight_noise"]
