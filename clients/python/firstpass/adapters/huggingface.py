"""A Hugging Face ``TrainerCallback`` that puts a ``transformers.Trainer`` run under FirstPass.

.. code-block:: python

    from firstpass.adapters.huggingface import FirstPassTrainerCallback

    args = TrainingArguments(output_dir="out", num_train_epochs=20, eval_strategy="epoch")
    trainer = Trainer(model=model, args=args, train_dataset=train, eval_dataset=test,
                      callbacks=[FirstPassTrainerCallback("bert-sst2", run_id="seed-3", seed=3, controllable=True,
                                                          metrics=["eval_accuracy"], kafka=firstpass.KafkaSettings(...))])
    trainer.train()

FirstPass counts epochs, so evaluate once per epoch (``eval_strategy="epoch"``): each evaluation at an epoch's
end reports that epoch with its ``eval_*`` metrics and applies the kicks due to the model, the optimizer
and its scheduler (whose steps are optimizer steps: a restart starts its warm-up over). Evaluations in the
middle of an epoch are not epochs and are left out. With ``log_kicks`` (the default) the count of kicks so
far is added to the evaluation's metrics as ``firstpass_perturbations_applied``, so the job's own loggers
(TensorBoard, MLflow, W&B) mark each kick.
"""

from __future__ import annotations

from ._boundary import HuggingFaceBoundary

try:
    from transformers import TrainerCallback as _TrainerCallback
except ImportError as missing:
    raise ImportError("firstpass.adapters.huggingface needs Hugging Face transformers: pip install transformers") \
        from missing


class FirstPassTrainerCallback(HuggingFaceBoundary, _TrainerCallback):
    """Reports every epoch's evaluation of a ``transformers.Trainer`` and applies the kicks due; see the module doc."""
