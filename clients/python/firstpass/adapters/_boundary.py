"""What the adapters do, apart from their frameworks' base classes: pick an epoch's metrics, report them,
apply the kicks, start and finish the run. Kept free of framework imports, so it is tested without them."""

from __future__ import annotations

import logging
import math
import numbers
from typing import Dict, Iterable, Optional

from ..run import Run, start_run

LOG = logging.getLogger("firstpass.adapters")


def scalar_metrics(values: Dict[str, object], names: Optional[Iterable[str]]) -> Dict[str, float]:
    """The numeric scalars of ``values`` (numbers or one-element tensors), only ``names`` when given.

    A named metric that is missing is an error naming it: reporting an epoch without the metric the monitor
    measures would silently drop it from every statistic.
    """
    wanted = None if names is None else list(names)
    picked = {}
    for name, value in values.items():
        if wanted is not None and name not in wanted:
            continue
        if hasattr(value, "numel") and callable(value.numel):
            if value.numel() != 1:
                continue
            value = value.item()
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            continue
        picked[str(name)] = float(value)
    if wanted is not None:
        absent = [name for name in wanted if name not in picked]
        if absent:
            raise ValueError("metrics %s are not among this epoch's numeric metrics (%s)"
                             % (", ".join(absent), ", ".join(sorted(str(k) for k in values)) or "none"))
    return picked


class _RunBoundary:
    """What both framework adapters hold: the run's identity and settings, and the run once started."""

    def __init__(self, experiment: str, run_id: Optional[str] = None, *, metrics: Optional[Iterable[str]] = None,
                 log_kicks: bool = True, **run_settings):
        self.experiment = experiment
        self.run_id = run_id
        self.metrics = None if metrics is None else list(metrics)
        self.log_kicks = log_kicks
        self.run_settings = run_settings
        self.run: Optional[Run] = None


class LightningBoundary(_RunBoundary):
    """The adapter's behaviour, apart from Lightning's base class."""

    def on_fit_start(self, trainer, pl_module) -> None:
        max_epochs = self.run_settings.pop("max_epochs", None) or trainer.max_epochs
        if max_epochs is None or max_epochs < 1:
            raise ValueError("FirstPass needs the run's epoch budget: give the Trainer max_epochs or the callback"
                             " max_epochs=: %s" % (max_epochs,))
        schedulers = [config.scheduler for config in getattr(trainer, "lr_scheduler_configs", [])]
        self.run = start_run(self.experiment, self.run_id, max_epochs=max_epochs, model=pl_module,
                             optimizer=list(trainer.optimizers), scheduler=schedulers, **self.run_settings)

    def on_train_epoch_end(self, trainer, pl_module) -> None:
        if self.run is None or getattr(trainer, "sanity_checking", False):
            return
        epoch = trainer.current_epoch + 1
        if epoch <= self.run.last_epoch:
            return
        self.run.end_epoch(epoch, scalar_metrics(dict(trainer.callback_metrics), self.metrics))
        if self.log_kicks:
            pl_module.log("firstpass/perturbations_applied", float(self.run.perturbations_applied))

    def on_fit_end(self, trainer, pl_module) -> None:
        if self.run is not None:
            self.run.finish()

    def on_exception(self, trainer, pl_module, exception) -> None:
        if self.run is not None:
            self.run.finish("failed")


class HuggingFaceBoundary(_RunBoundary):
    """The adapter's behaviour, apart from transformers' base class."""

    def __init__(self, experiment: str, run_id: Optional[str] = None, **settings):
        super().__init__(experiment, run_id, **settings)
        self._warned_mid_epoch = False

    def on_train_begin(self, args, state, control, model=None, optimizer=None, lr_scheduler=None, **kwargs):
        max_epochs = self.run_settings.pop("max_epochs", None) or int(math.ceil(args.num_train_epochs))
        self.run = start_run(self.experiment, self.run_id, max_epochs=max_epochs, model=model, optimizer=optimizer,
                             scheduler=lr_scheduler, **self.run_settings)

    def on_evaluate(self, args, state, control, metrics=None, **kwargs):
        if self.run is None or self.run.finished is not None or state.epoch is None:
            return
        epoch = int(round(state.epoch))
        if abs(state.epoch - epoch) > 1e-6:
            if not self._warned_mid_epoch:
                self._warned_mid_epoch = True
                LOG.warning("run %s: an evaluation in the middle of epoch %.2f is not reported; FirstPass counts"
                            " epochs (eval_strategy=\"epoch\")", self.run.run_id, state.epoch)
            return
        if epoch <= self.run.last_epoch:
            return
        self.run.end_epoch(epoch, scalar_metrics(dict(metrics or {}), self.metrics))
        if self.log_kicks and metrics is not None:
            metrics["firstpass_perturbations_applied"] = float(self.run.perturbations_applied)

    def on_train_end(self, args, state, control, **kwargs):
        if self.run is not None:
            self.run.finish()
