"""The perturbations ("kicks") in PyTorch, with the Java trainer's semantics and parameter checks.

===============  ===========================================================  ===============  ==============
kind             what changes                                                 optimizer state  LR schedule
===============  ===========================================================  ===============  ==============
shrink_perturb   every trainable parameter: shrink * theta + perturb * fresh  re-created       kept
partial_reset    in each weight tensor, the round(fraction * n) entries of    kept             kept
                 smallest magnitude (ties: lower index) are re-drawn
full_reset       every parameter and buffer re-drawn                          re-created       restarted
warm_restart     nothing in the model                                         re-created       restarted
weight_noise     every trainable parameter: theta + sigma * z, z ~ N(0, 1)    kept             kept
===============  ===========================================================  ===============  ==============

"Fresh" values are a new initialisation of the whole model drawn from the kick's seed: each module's
``reset_parameters()`` on a CPU copy, so the model on the device is never touched by the draw. A weight
tensor is a parameter of two or more dimensions (dense and convolution kernels, embeddings), so biases
and normalisation scales and shifts are not weights. Sums are computed in double precision and
rounded once to the parameter's type, as the Java trainer does, so a kick is exactly reproducible.
"""

from __future__ import annotations

import collections
import copy
import math
import warnings
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence

import torch

from .protocol import KINDS, describe as _describe
from .javatext import java_double

DEFAULT_SHRINK = 0.4
DEFAULT_PERTURB = 0.1


class FreshDrawError(ValueError):
    """The model has parameters that no module's ``reset_parameters()`` re-draws."""


class TrainingTarget:
    """What a perturbation acts on: a model, its optimizers and their learning-rate schedulers.

    ``initializer``, when given, draws fresh values instead of ``reset_parameters()``: it is called
    with a CPU copy of the model and a seeded ``torch.Generator`` and must re-initialise the copy in place.
    """

    def __init__(self, model: torch.nn.Module, optimizers: Sequence = (), schedulers: Sequence = (),
                 initializer: Optional[Callable[[torch.nn.Module, torch.Generator], None]] = None):
        self.model = model
        self.optimizers = [o for o in _as_list(optimizers) if o is not None]
        self.schedulers = [s for s in _as_list(schedulers) if s is not None]
        self.initializer = initializer
        # ReduceLROnPlateau keeps no record of the rates it started from; these are them.
        self._initial_lrs = [[group.get("initial_lr", group["lr"]) for group in o.param_groups]
                             for o in self.optimizers]
        self.optimizer_resets = 0
        self.schedule_restarts = 0

    def trainable(self) -> List[tuple]:
        return [(name, p) for name, p in self.model.named_parameters() if p.requires_grad]

    def weights(self) -> List[tuple]:
        return [(name, p) for name, p in self.model.named_parameters() if p.dim() >= 2]

    def fresh(self, seed: int) -> Dict[str, torch.Tensor]:
        """A fresh initialisation of every parameter and buffer, on the CPU, drawn from ``seed`` alone."""
        clone = _cpu_clone(self.model)
        generator = torch.Generator().manual_seed(seed & ((1 << 64) - 1))
        if self.initializer is not None:
            self.initializer(clone, generator)
        else:
            _require_resettable(clone)
            # reset_parameters() draws from the global CPU generator: seed it for the draw only, then
            # give the training script its own random state back.
            with torch.random.fork_rng(devices=[]):
                torch.random.default_generator.manual_seed(seed & ((1 << 64) - 1))
                for module in clone.modules():
                    reset = _reset_of(module)
                    if reset is not None:
                        reset()
        values = dict(clone.named_parameters())
        values.update(dict(clone.named_buffers()))
        return {name: tensor.detach() for name, tensor in values.items()}

    def reset_optimizer_state(self) -> None:
        """Drops momentum buffers, moment estimates and step counts, as a newly built optimizer has none."""
        for optimizer in self.optimizers:
            optimizer.state.clear()
        self.optimizer_resets += 1

    def restart_schedule(self) -> None:
        """Starts each learning-rate scheduler over, as it was right after it was built."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for scheduler in self.schedulers:
                self._restart(scheduler)
        self.schedule_restarts += 1

    def _restart(self, scheduler) -> None:
        optimizer = scheduler.optimizer
        if isinstance(scheduler, torch.optim.lr_scheduler.ReduceLROnPlateau):
            index = self.optimizers.index(optimizer) if optimizer in self.optimizers else None
            if index is not None:
                for group, lr in zip(optimizer.param_groups, self._initial_lrs[index]):
                    group["lr"] = lr
            scheduler._reset()
            scheduler.last_epoch = 0
            return
        children = getattr(scheduler, "_schedulers", None)
        for group in optimizer.param_groups:
            group["lr"] = group.get("initial_lr", group["lr"])
        if children is None:
            scheduler.last_epoch = -1
            scheduler.step()
            return
        # SequentialLR and ChainedScheduler: their parts start over as at construction.
        for child in children:
            child.last_epoch = -1
        starters = children[:1] if isinstance(scheduler, torch.optim.lr_scheduler.SequentialLR) else children
        for child in starters:
            child.step()
        scheduler.last_epoch = 0
        scheduler._last_lr = [group["lr"] for group in optimizer.param_groups]


def _as_list(value) -> list:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def _reset_of(module):
    for name in ("reset_parameters", "_reset_parameters"):
        reset = getattr(module, name, None)
        if callable(reset):
            return reset
    return None


def _require_resettable(model: torch.nn.Module) -> None:
    orphans = []
    for prefix, module in model.named_modules():
        own = list(module._parameters.items())
        if own and _reset_of(module) is None:
            orphans.extend((prefix + "." if prefix else "") + name for name, p in own if p is not None)
    if orphans:
        raise FreshDrawError("cannot draw fresh values for parameters %s: their modules have no reset_parameters();"
                             " pass initializer=fn(model_copy, generator) to draw them" % ", ".join(orphans))


def _cpu_clone(model: torch.nn.Module) -> torch.nn.Module:
    # Copies parameters and buffers straight to the CPU, so a model on a GPU is never duplicated there.
    memo = {}
    for p in model.parameters():
        memo[id(p)] = torch.nn.Parameter(p.detach().to("cpu", copy=True), requires_grad=p.requires_grad)
    for b in model.buffers():
        memo[id(b)] = b.detach().to("cpu", copy=True)
    return copy.deepcopy(model, memo)


@dataclass(frozen=True)
class Perturbation:
    """A kick: a kind with its parameters, defaults included, in the kind's order."""

    kind: str
    params: Dict[str, float] = field(default_factory=dict)

    def describe(self) -> str:
        return _describe(self.kind, self.params)

    def apply(self, target: TrainingTarget, draw_seed: int) -> None:
        """Applies the kick to ``target``, drawing fresh weights or noise from ``draw_seed``."""
        with torch.no_grad():
            _APPLY[self.kind](self, target, draw_seed)


def _shrink_perturb(self: Perturbation, target: TrainingTarget, seed: int) -> None:
    shrink, perturb = self.params["shrink"], self.params["perturb"]
    fresh = target.fresh(seed)
    # Batch-norm running statistics are measurements of the data, not learned weights: kept as they are.
    for name, p in target.trainable():
        drawn = fresh[name].to(device=p.device, dtype=torch.float64)
        p.copy_((shrink * p.to(torch.float64) + perturb * drawn).to(p.dtype))
    target.reset_optimizer_state()


def _partial_reset(self: Perturbation, target: TrainingTarget, seed: int) -> None:
    fraction = self.params["fraction"]
    fresh = target.fresh(seed)
    for name, p in target.weights():
        flat = p.view(-1) if p.is_contiguous() else None
        values = p.detach().reshape(-1)
        indices = smallest_magnitudes(values, reset_count(fraction, values.numel()))
        drawn = fresh[name].reshape(-1).to(device=p.device, dtype=p.dtype)
        if flat is not None:
            flat[indices] = drawn[indices]
        else:
            updated = values.clone()
            updated[indices] = drawn[indices]
            p.copy_(updated.view_as(p))


def reset_count(fraction: float, n: int) -> int:
    """round(fraction * n) with halves up, as Java's Math.round: the entries a tensor of n loses."""
    return int(math.floor(fraction * n + 0.5))


def smallest_magnitudes(values: torch.Tensor, count: int) -> torch.Tensor:
    """The indices of the ``count`` smallest |value|, ties broken by the lower index (NaN last)."""
    order = torch.sort(values.abs().cpu(), stable=True).indices
    return order[:count].to(values.device)


def _full_reset(self: Perturbation, target: TrainingTarget, seed: int) -> None:
    fresh = target.fresh(seed)
    for name, tensor in list(target.model.named_parameters()) + list(target.model.named_buffers()):
        tensor.copy_(fresh[name].to(device=tensor.device, dtype=tensor.dtype))
    target.reset_optimizer_state()
    target.restart_schedule()


def _warm_restart(self: Perturbation, target: TrainingTarget, seed: int) -> None:
    target.restart_schedule()
    target.reset_optimizer_state()


def _weight_noise(self: Perturbation, target: TrainingTarget, seed: int) -> None:
    sigma = self.params["sigma"]
    generator = torch.Generator().manual_seed(seed & ((1 << 64) - 1))
    for _, p in target.trainable():
        noise = torch.randn(p.shape, generator=generator, dtype=torch.float64).to(p.device)
        p.copy_((p.to(torch.float64) + sigma * noise).to(p.dtype))


_APPLY = {"shrink_perturb": _shrink_perturb, "partial_reset": _partial_reset, "full_reset": _full_reset,
          "warm_restart": _warm_restart, "weight_noise": _weight_noise}


# ----------------------------------------------------------------------------------------- factories


def shrink_perturb(shrink: float = DEFAULT_SHRINK, perturb: float = DEFAULT_PERTURB) -> Perturbation:
    """theta <- shrink * theta + perturb * theta_fresh (Ash and Adams); the paper's values by default."""
    problems = []
    if not (shrink > 0 and shrink <= 1):
        problems.append("shrink must be in (0, 1]: " + java_double(shrink))
    if not (perturb >= 0) or not math.isfinite(perturb):
        problems.append("perturb must be at least 0: " + java_double(perturb))
    _raise_if_any(problems)
    return Perturbation("shrink_perturb", {"shrink": float(shrink), "perturb": float(perturb)})


def partial_reset(fraction: float) -> Perturbation:
    if not (fraction > 0 and fraction <= 1):
        raise ValueError("fraction must be in (0, 1]: " + java_double(fraction))
    return Perturbation("partial_reset", {"fraction": float(fraction)})


def full_reset() -> Perturbation:
    return Perturbation("full_reset", {})


def warm_restart() -> Perturbation:
    return Perturbation("warm_restart", {})


def weight_noise(sigma: float) -> Perturbation:
    if not (sigma > 0) or not math.isfinite(sigma):
        raise ValueError("sigma must be greater than 0: " + java_double(sigma))
    return Perturbation("weight_noise", {"sigma": float(sigma)})


def of(kind: str, params: Dict[str, float]) -> Perturbation:
    """The perturbation of ``kind`` with ``params``; parameters left out take the kind's defaults.

    Raises ValueError listing unknown, missing and out-of-range parameters, e.g.
    "full_reset does not take parameter 'fraction' (takes none)".
    """
    if kind not in KINDS:
        raise ValueError("perturbation kind must be one of %s: '%s'" % (", ".join(KINDS), kind))
    known = [p.name for p in KINDS[kind]]
    problems = ["%s does not take parameter '%s' (takes %s)" % (kind, name, ", ".join(known) if known else "none")
                for name in params if name not in known]
    complete = {p.name: p.default for p in KINDS[kind]}
    complete.update(params)
    problems += ["%s needs parameter '%s'" % (kind, name) for name in known if complete.get(name) is None]
    _raise_if_any(problems)
    if kind == "shrink_perturb":
        return shrink_perturb(complete["shrink"], complete["perturb"])
    if kind == "partial_reset":
        return partial_reset(complete["fraction"])
    if kind == "full_reset":
        return full_reset()
    if kind == "warm_restart":
        return warm_restart()
    return weight_noise(complete["sigma"])


def _raise_if_any(problems: List[str]) -> None:
    if problems:
        raise ValueError("; ".join(problems))


@dataclass(frozen=True)
class LocalSchedule:
    """A perturbation a run applies on its own, with no controller: after from_epoch, from_epoch + every, ...

    How probe arms are recorded offline; ``LocalSchedule.every(tau, p)`` is the paper's sharp protocol.
    """

    perturbation: Perturbation
    period: int
    from_epoch: int

    def __post_init__(self):
        problems = []
        if self.period < 1:
            problems.append("perturbation period must be at least 1 epoch: %d" % self.period)
        if self.from_epoch < 1:
            problems.append("first perturbation epoch must be at least 1: %d" % self.from_epoch)
        _raise_if_any(problems)

    @staticmethod
    def every(tau: int, perturbation: Perturbation) -> "LocalSchedule":
        return LocalSchedule(perturbation, tau, tau)

    def due_after(self, epoch: int) -> bool:
        return epoch >= self.from_epoch and (epoch - self.from_epoch) % self.period == 0

    def describe(self) -> str:
        return "%s every %d from %d" % (self.perturbation.describe(), self.period, self.from_epoch)
