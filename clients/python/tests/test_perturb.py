"""Element-by-element checks of every perturbation, as the Java trainer's PerturbationMathTest does them."""

import pytest
import torch

from firstpass import perturb
from firstpass.perturb import FreshDrawError, LocalSchedule, TrainingTarget, smallest_magnitudes

SEED = 99


def tiny():
    torch.manual_seed(0)
    # 4 -> 3 -> 2 with a batch norm: weights of 12 and 6 entries, biases, a norm scale and shift, buffers.
    return torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.BatchNorm1d(3), torch.nn.ReLU(), torch.nn.Linear(3, 2))


@pytest.fixture
def target():
    model = tiny()
    model.train()
    model(torch.randn(8, 4))  # moves the running statistics off their initial values
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    model(torch.randn(8, 4)).sum().backward()
    optimizer.step()  # momentum buffers exist now
    return TrainingTarget(model, optimizer)


def snapshot(model):
    return {name: t.detach().clone() for name, t in list(model.named_parameters()) + list(model.named_buffers())}


def test_the_tiny_network_has_the_expected_parameters(target):
    assert [n for n, _ in target.trainable()] == ["0.weight", "0.bias", "1.weight", "1.bias", "3.weight", "3.bias"]
    assert [n for n, _ in target.weights()] == ["0.weight", "3.weight"]


def test_shrink_perturb_sets_every_trainable_parameter_to_point_four_old_plus_point_one_fresh(target):
    before = snapshot(target.model)

    perturb.shrink_perturb().apply(target, SEED)

    fresh = target.fresh(SEED)
    for name, p in target.trainable():
        for i, (now, old, drawn) in enumerate(zip(p.view(-1).tolist(), before[name].view(-1).tolist(),
                                                  fresh[name].view(-1).tolist())):
            expected = torch.tensor(0.4 * old + 0.1 * drawn, dtype=torch.float64).float().item()
            assert now == expected, "%s[%d]" % (name, i)
    assert torch.equal(target.model[1].running_mean, before["1.running_mean"])
    assert len(target.optimizers[0].state) == 0
    assert (target.optimizer_resets, target.schedule_restarts) == (1, 0)


def test_fresh_values_are_a_new_draw_of_the_seed_alone_not_the_initial_weights(target):
    fresh = target.fresh(SEED)["0.weight"]
    torch.manual_seed(12345)  # the training script's own random state does not enter the draw

    assert not torch.equal(fresh, tiny()[0].weight.detach())
    assert torch.equal(fresh, target.fresh(SEED)["0.weight"])
    assert not torch.equal(fresh, target.fresh(SEED + 1)["0.weight"])


def test_a_draw_leaves_the_training_scripts_random_state_as_it_was(target):
    torch.manual_seed(5)
    expected = torch.rand(3)
    torch.manual_seed(5)
    target.fresh(SEED)
    assert torch.equal(torch.rand(3), expected)


def test_partial_reset_redraws_exactly_the_rounded_fraction_of_smallest_magnitude_weights_per_tensor(target):
    before = snapshot(target.model)

    perturb.partial_reset(0.25).apply(target, SEED)

    fresh = target.fresh(SEED)
    # 12 weights: round(3.0) = 3 re-drawn; 6 weights: round(1.5) = 2 re-drawn (halves round up, as Math.round).
    for name, count in (("0.weight", 3), ("3.weight", 2)):
        old = before[name].view(-1).tolist()
        now = dict(target.model.named_parameters())[name].detach().view(-1).tolist()
        smallest = sorted(range(len(old)), key=lambda i: (abs(old[i]), i))[:count]
        changed = [i for i in range(len(old)) if now[i] != old[i]]
        assert sorted(changed) == sorted(smallest)
        assert all(now[i] == fresh[name].view(-1)[i].item() for i in changed)
    for name in ("0.bias", "1.weight", "1.bias", "3.bias", "1.running_mean"):
        assert torch.equal(snapshot(target.model)[name], before[name]), name
    assert target.optimizer_resets == 0 and len(target.optimizers[0].state) > 0


def test_smallest_magnitudes_break_ties_by_position():
    values = torch.tensor([0.5, -0.1, 0.1, -0.5, 0.0])
    assert smallest_magnitudes(values, 3).tolist() == [4, 1, 2]


def test_full_reset_sets_every_parameter_and_buffer_to_the_fresh_draw_and_restarts_optimizer_and_schedule(target):
    perturb.full_reset().apply(target, SEED)

    fresh = target.fresh(SEED)
    for name, tensor in snapshot(target.model).items():
        assert torch.equal(tensor, fresh[name]), name
    assert target.model[1].running_var.tolist() == [1.0, 1.0, 1.0]
    assert len(target.optimizers[0].state) == 0
    assert (target.optimizer_resets, target.schedule_restarts) == (1, 1)


def test_weight_noise_adds_sigma_times_standard_normal_draws_in_parameter_order(target):
    before = snapshot(target.model)

    perturb.weight_noise(0.05).apply(target, SEED)

    generator = torch.Generator().manual_seed(SEED)
    for name, p in target.trainable():
        z = torch.randn(p.shape, generator=generator, dtype=torch.float64)
        expected = (before[name].double() + 0.05 * z).float()
        assert torch.equal(p.detach(), expected), name
    assert target.optimizer_resets == 0 and len(target.optimizers[0].state) > 0


def test_warm_restart_keeps_the_weights_and_restarts_schedule_and_optimizer(target):
    before = snapshot(target.model)

    perturb.warm_restart().apply(target, SEED)

    for name, tensor in snapshot(target.model).items():
        assert torch.equal(tensor, before[name]), name
    assert (target.optimizer_resets, target.schedule_restarts) == (1, 1)


def lrs(optimizer):
    return [round(g["lr"], 10) for g in optimizer.param_groups]


@pytest.mark.parametrize("make", [
    lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=2, gamma=0.5),
    lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=5),
    lambda o: torch.optim.lr_scheduler.LinearLR(o, start_factor=0.25, total_iters=4),
    lambda o: torch.optim.lr_scheduler.SequentialLR(o, [torch.optim.lr_scheduler.ConstantLR(o, factor=0.5,
                                                                                              total_iters=2),
                                                        torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.9)],
                                                    milestones=[2]),
    lambda o: torch.optim.lr_scheduler.ChainedScheduler([torch.optim.lr_scheduler.ConstantLR(o, factor=0.5,
                                                                                               total_iters=2),
                                                         torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.9)]),
], ids=["StepLR", "CosineAnnealingLR", "LinearLR", "SequentialLR", "ChainedScheduler"])
def test_a_restarted_schedule_gives_the_rates_of_a_newly_built_one(make):
    def rates(optimizer, scheduler, steps):
        seen = [lrs(optimizer)]
        for _ in range(steps):
            optimizer.step()
            scheduler.step()
            seen.append(lrs(optimizer))
        return seen

    model = torch.nn.Linear(2, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.8)
    scheduler = make(optimizer)
    target = TrainingTarget(model, optimizer, scheduler)
    first = rates(optimizer, scheduler, 6)

    target.restart_schedule()

    assert rates(optimizer, scheduler, 6) == first


def test_a_restarted_plateau_scheduler_starts_again_from_the_first_rate():
    model = torch.nn.Linear(2, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.8)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, patience=0, factor=0.5)
    target = TrainingTarget(model, optimizer, scheduler)
    for loss in (1.0, 2.0, 3.0):
        scheduler.step(loss)
    assert lrs(optimizer) == [0.2]

    target.restart_schedule()

    assert lrs(optimizer) == [0.8]
    assert scheduler.num_bad_epochs == 0


def test_a_parameter_no_module_can_redraw_is_named_and_an_initializer_can_draw_it():
    class Scaled(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.linear = torch.nn.Linear(2, 2)
            self.scale = torch.nn.Parameter(torch.ones(2, 2))

        def forward(self, x):
            return self.linear(x) * self.scale

    target = TrainingTarget(Scaled())
    with pytest.raises(FreshDrawError) as refused:
        perturb.shrink_perturb().apply(target, SEED)
    assert str(refused.value) == ("cannot draw fresh values for parameters scale: their modules have no"
                                  " reset_parameters(); pass initializer=fn(model_copy, generator) to draw them")

    def initializer(model, generator):
        with torch.no_grad():
            for p in model.parameters():
                p.copy_(torch.randn(p.shape, generator=generator))

    drawn = TrainingTarget(Scaled(), initializer=initializer).fresh(SEED)
    assert torch.equal(drawn["scale"], TrainingTarget(Scaled(), initializer=initializer).fresh(SEED)["scale"])


def test_parameters_are_checked_with_the_java_trainers_messages():
    with pytest.raises(ValueError, match=r"^shrink must be in \(0, 1\]: 1\.5$"):
        perturb.shrink_perturb(1.5, 0.1)
    with pytest.raises(ValueError) as both:
        perturb.shrink_perturb(0, -0.1)
    assert str(both.value) == "shrink must be in (0, 1]: 0.0; perturb must be at least 0: -0.1"
    for make, message in ((lambda: perturb.partial_reset(0), "fraction must be in (0, 1]: 0.0"),
                          (lambda: perturb.partial_reset(1.01), "fraction must be in (0, 1]: 1.01"),
                          (lambda: perturb.weight_noise(0), "sigma must be greater than 0: 0.0"),
                          (lambda: perturb.weight_noise(float("nan")), "sigma must be greater than 0: NaN"),
                          (lambda: perturb.of("full_reset", {"fraction": 0.5}),
                           "full_reset does not take parameter 'fraction' (takes none)"),
                          (lambda: perturb.of("partial_reset", {}), "partial_reset needs parameter 'fraction'")):
        with pytest.raises(ValueError) as refused:
            make()
        assert str(refused.value) == message


def test_perturbations_describe_themselves_as_the_java_trainer_does():
    assert perturb.of("shrink_perturb", {"perturb": 0.2}).describe() == "shrink_perturb(shrink=0.4, perturb=0.2)"
    assert perturb.of("warm_restart", {}).describe() == "warm_restart"


def test_a_local_schedule_fires_after_tau_multiples_only():
    schedule = LocalSchedule.every(3, perturb.warm_restart())
    assert [e for e in range(1, 11) if schedule.due_after(e)] == [3, 6, 9]
    assert schedule.describe() == "warm_restart every 3 from 3"
    with pytest.raises(ValueError) as refused:
        LocalSchedule.every(0, perturb.warm_restart())
    assert str(refused.value) == ("perturbation period must be at least 1 epoch: 0; first perturbation epoch must be"
                                  " at least 1: 0")
