"""A PyTorch Lightning ``Callback`` that puts a ``Trainer.fit`` under FirstPass.

.. code-block:: python

    from firstpass.adapters.lightning import FirstPassCallback

    callback = FirstPassCallback("cifar-resnet", run_id="seed-3", seed=3, controllable=True,
                                 metrics=["val_acc"], kafka=firstpass.KafkaSettings("kafka:9092"))
    trainer = lightning.Trainer(max_epochs=100, callbacks=[callback])
    trainer.fit(model, datamodule)

At the end of each training epoch (after that epoch's validation, whose logged metrics are in
``trainer.callback_metrics``) the epoch is reported and the kicks due are applied to the LightningModule,
the trainer's optimizers and their learning-rate schedulers. The run starts with the fit and finishes with
it: completed after ``max_epochs``, stopped when the fit ends early, failed on an exception. With
``log_kicks`` (the default) the count of kicks so far is logged as ``firstpass/perturbations_applied``, so a
job's own metric pipeline (TensorBoard, MLflow, W&B loggers) marks each kick as a step of that curve.
"""

from __future__ import annotations

from typing import Optional

from ._boundary import LightningBoundary

try:
    from lightning.pytorch.callbacks import Callback as _Callback
except ImportError:  # the older package name
    try:
        from pytorch_lightning.callbacks import Callback as _Callback
    except ImportError as missing:
        raise ImportError("firstpass.adapters.lightning needs PyTorch Lightning: pip install lightning") from missing


class FirstPassCallback(LightningBoundary, _Callback):
    """Reports every epoch of a Lightning fit to FirstPass and applies the kicks due; see the module doc."""

    def __init__(self, experiment: str, run_id: Optional[str] = None, **settings):
        _Callback.__init__(self)
        LightningBoundary.__init__(self, experiment, run_id, **settings)
