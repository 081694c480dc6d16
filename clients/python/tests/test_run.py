"""A run without a broker: the records it writes, its kicks, its checks and how it finishes."""

import json
import math

import pytest
import torch

import firstpass


def model():
    torch.manual_seed(1)
    return torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.ReLU(), torch.nn.Linear(3, 2))


def recorded(folder, run_id):
    return [json.loads(line) for line in (folder / (run_id + ".jsonl")).read_text().splitlines()]


def test_a_locally_scheduled_run_records_pre_kick_values_and_counts_its_kicks(tmp_path):
    net = model()
    kicks = []
    with firstpass.start_run("fmnist", "seed-1", seed=1, max_epochs=7, model=net,
                             optimizer=torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9),
                             local_schedule=firstpass.LocalSchedule.every(3, firstpass.shrink_perturb()),
                             record_dir=str(tmp_path), hyperparams={"lr": 0.1, "nesterov": False},
                             on_kick=kicks.append) as run:
        for epoch in range(1, 8):
            before = net[0].weight.detach().clone()
            applied = run.end_epoch(epoch, {"test_acc": torch.tensor(0.1 * epoch), "loss": math.inf})
            assert (len(applied) == 1) == (epoch in (3, 6))
            assert torch.equal(before, net[0].weight) == (epoch not in (3, 6))

    events = recorded(tmp_path, "seed-1")
    assert [e["epoch"] for e in events] == list(range(1, 8))
    assert [e["perturbations_applied"] for e in events] == [0, 0, 0, 1, 1, 1, 2]
    assert events[0]["metrics"] == {"test_acc": 0.10000000149011612, "loss": "Infinity"}
    assert events[0]["hyperparams"] == {"lr": "0.1", "nesterov": "false"}
    assert [(k.epoch, k.command_id, k.perturbations_applied) for k in kicks] == [(3, None, 1), (6, None, 2)]
    assert run.finished == "completed"


def test_every_bad_setting_is_reported_at_once():
    with pytest.raises(ValueError) as refused:
        firstpass.Run(" ", "a/b", max_epochs=0, controllable=True, command_keys=None,
                      local_schedule=firstpass.LocalSchedule.every(2, firstpass.warm_restart()),
                      config={"layers": [1, 2]})
    assert str(refused.value) == (
        'invalid run: experiment must not be blank: " "; run id must be non-blank and contain no path separator:'
        ' "a/b"; max_epochs must be at least 1: 0; a controllable run needs Kafka to receive commands: pass'
        " kafka=KafkaSettings(...); a run that takes kicks needs the model they act on: pass model=; config 'layers'"
        " must be text, a number or a boolean: [1, 2]")


def test_epochs_count_from_one_and_follow_each_other():
    run = firstpass.start_run("exp", max_epochs=3)
    with pytest.raises(ValueError, match="^epochs count from 1 and follow each other: expected epoch 1, got 0$"):
        run.report_epoch(0, {"acc": 0.5})
    run.report_epoch(1, {"acc": 0.5})
    with pytest.raises(ValueError, match="^epochs count from 1 and follow each other: expected epoch 2, got 3$"):
        run.report_epoch(3, {"acc": 0.5})
    with pytest.raises(firstpass.InvalidRecordError) as refused:
        run.report_epoch(2, {"acc": "high", "loss": torch.ones(3)})
    assert refused.value.violations == ["metric 'acc' must be a number: 'high'",
                                        "metric 'loss' must be a number or a one-element tensor: tensor([1., 1., 1.])"]
    assert run.run_id == "exp-s0"


def test_a_run_that_ends_early_is_stopped_and_one_that_raises_is_failed(tmp_path):
    stopped = firstpass.start_run("exp", "early", max_epochs=5)
    stopped.report_epoch(1, {"acc": 0.5})
    stopped.finish()
    assert stopped.finished == "stopped"
    with pytest.raises(RuntimeError, match="has finished"):
        stopped.report_epoch(2, {"acc": 0.5})

    with pytest.raises(ZeroDivisionError):
        with firstpass.start_run("exp", "crash", max_epochs=5) as crashed:
            crashed.report_epoch(1, {"acc": 1 / 1})
            crashed.report_epoch(2, {"acc": 1 / 0})
    assert crashed.finished == "failed"
