"""The framework adapters' behaviour, driven through the hooks in the order their frameworks call them.

Neither framework is installed where these tests run, so the hooks are called from a plain training loop
with the few attributes of a Lightning Trainer and of Hugging Face's TrainingArguments and TrainerState
the adapters read; the classes bound to the real frameworks are checked where those are installed.
"""

import json
from types import SimpleNamespace

import pytest
import torch

import firstpass
from firstpass.adapters._boundary import HuggingFaceBoundary, LightningBoundary, scalar_metrics


def test_only_numeric_scalars_are_metrics_and_a_named_metric_must_be_there():
    values = {"val_acc": torch.tensor(0.75), "loss": 0.5, "step": True, "hist": torch.ones(3), "name": "x"}
    assert scalar_metrics(values, None) == {"val_acc": 0.75, "loss": 0.5}
    assert scalar_metrics(values, ["val_acc"]) == {"val_acc": 0.75}
    with pytest.raises(ValueError) as refused:
        scalar_metrics(values, ["val_acc", "val_f1"])
    assert str(refused.value) == "metrics val_f1 are not among this epoch's numeric metrics (hist, loss, name, step, val_acc)"


class Module(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.layer = torch.nn.Linear(3, 2)
        self.logged = []

    def log(self, name, value):
        self.logged.append((name, value))


def test_the_lightning_callback_reports_each_epoch_after_validation_and_kicks_between_epochs(tmp_path):
    module = Module()
    optimizer = torch.optim.SGD(module.parameters(), lr=0.1, momentum=0.9)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1, gamma=0.5)
    trainer = SimpleNamespace(max_epochs=4, optimizers=[optimizer], sanity_checking=False, current_epoch=0,
                              lr_scheduler_configs=[SimpleNamespace(scheduler=scheduler)], callback_metrics={})
    callback = LightningBoundary("lightning", "l-s0", metrics=["val_acc"], record_dir=str(tmp_path),
                                 local_schedule=firstpass.LocalSchedule.every(2, firstpass.warm_restart()))

    callback.on_fit_start(trainer, module)
    for epoch in range(4):
        trainer.current_epoch = epoch
        optimizer.step()
        scheduler.step()
        trainer.callback_metrics = {"val_acc": torch.tensor(0.5 + 0.1 * epoch), "train_loss": torch.tensor(1.0)}
        callback.on_train_epoch_end(trainer, module)
        if epoch == 1:
            # The warm restart after epoch 2 started the schedule over.
            assert optimizer.param_groups[0]["lr"] == 0.1
    callback.on_fit_end(trainer, module)

    events = [json.loads(line) for line in (tmp_path / "l-s0.jsonl").read_text().splitlines()]
    assert [(e["epoch"], e["metrics"], e["perturbations_applied"]) for e in events] == [
        (1, {"val_acc": 0.5}, 0), (2, {"val_acc": 0.6000000238418579}, 0), (3, {"val_acc": 0.699999988079071}, 1),
        (4, {"val_acc": 0.800000011920929}, 1)]
    assert module.logged == [("firstpass/perturbations_applied", v) for v in (0.0, 1.0, 1.0, 1.0)]
    assert callback.run.finished == "completed"


def test_a_lightning_fit_without_an_epoch_budget_is_refused_and_one_that_raises_is_failed():
    callback = LightningBoundary("lightning", "l-s1")
    with pytest.raises(ValueError, match="needs the run's epoch budget"):
        callback.on_fit_start(SimpleNamespace(max_epochs=-1, optimizers=[]), Module())
    callback.on_fit_start(SimpleNamespace(max_epochs=3, optimizers=[], lr_scheduler_configs=[]), Module())
    callback.on_exception(None, None, RuntimeError("out of memory"))
    assert callback.run.finished == "failed"


def test_the_hugging_face_callback_reports_end_of_epoch_evaluations_only(tmp_path):
    model = torch.nn.Linear(3, 2)
    optimizer = torch.optim.AdamW(model.parameters(), lr=0.01)
    args = SimpleNamespace(num_train_epochs=3.0)
    callback = HuggingFaceBoundary("hf", "hf-s0", metrics=["eval_accuracy"], record_dir=str(tmp_path),
                                   local_schedule=firstpass.LocalSchedule.every(1, firstpass.shrink_perturb()))
    callback.on_train_begin(args, SimpleNamespace(epoch=0.0), None, model=model, optimizer=optimizer)
    evaluations = [(0.5, 0.4), (1.0, 0.5), (2.0, 0.6), (3.0, 0.7), (3.0, 0.7)]  # mid-epoch, 3 epochs, a final evaluate()
    reported = []
    for epoch, accuracy in evaluations:
        metrics = {"eval_accuracy": accuracy, "eval_loss": 1.0, "epoch": epoch}
        callback.on_evaluate(args, SimpleNamespace(epoch=epoch), None, metrics=metrics)
        reported.append(metrics.get("firstpass_perturbations_applied"))
    callback.on_train_end(args, SimpleNamespace(epoch=3.0), None)

    events = [json.loads(line) for line in (tmp_path / "hf-s0.jsonl").read_text().splitlines()]
    assert [(e["epoch"], e["metrics"]["eval_accuracy"]) for e in events] == [(1, 0.5), (2, 0.6), (3, 0.7)]
    # Kicked after epochs 1 and 2; none after the last epoch, since no training follows it.
    assert reported == [None, 1.0, 2.0, 2.0, None]
    assert callback.run.finished == "completed"


def test_the_framework_classes_are_those_callbacks_where_the_frameworks_are_installed():
    lightning = pytest.importorskip("lightning.pytorch", reason="PyTorch Lightning is not installed")
    from firstpass.adapters.lightning import FirstPassCallback
    assert issubclass(FirstPassCallback, lightning.callbacks.Callback)


def test_the_hugging_face_class_is_a_trainer_callback_where_transformers_is_installed():
    transformers = pytest.importorskip("transformers", reason="Hugging Face transformers is not installed")
    from firstpass.adapters.huggingface import FirstPassTrainerCallback
    assert issubclass(FirstPassTrainerCallback, transformers.TrainerCallback)
