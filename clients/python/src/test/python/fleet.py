"""A fleet of real PyTorch runs under FirstPass, for the Java integration tests of the Python client.

Each run trains a small MLP on its own Gaussian clusters (seeded by the run's seed) and reports
``test_acc`` every epoch through the Python client; runs in one process advance together, one epoch
at a time, paced by ``--epoch-seconds``. Controllable runs take commands, checked against the keys in
FIRSTPASS_COMMAND_KEYS when set; SCRAM and TLS
come from the FIRSTPASS_KAFKA_* variables. With ``--handshake-after`` the process prints ``epoch K`` after those
epochs and waits for a line on stdin, so a test can act on the broker at a known point. At the end it
writes a JSON summary of every run: kicks (epoch, command id, kind), refusals, arm, how it finished.
"""

import argparse
import json
import logging
import os
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import firstpass  # noqa: E402

CLASSES = 3
FEATURES = 8


def clusters(seed, samples):
    generator = torch.Generator().manual_seed(seed)
    centres = torch.randn(CLASSES, FEATURES, generator=generator) * 1.2
    labels = torch.randint(0, CLASSES, (samples,), generator=generator)
    features = centres[labels] + torch.randn(samples, FEATURES, generator=generator)
    return features, labels


class Trainee:
    """One run: its data, model, optimizer and the FirstPass run that reports it."""

    def __init__(self, run_id, seed, args, kafka, keys):
        torch.manual_seed(seed)
        self.train_x, self.train_y = clusters(seed, 384)
        self.test_x, self.test_y = clusters(seed, 768)[0][384:], clusters(seed, 768)[1][384:]
        self.model = torch.nn.Sequential(torch.nn.Linear(FEATURES, 16), torch.nn.ReLU(), torch.nn.Linear(16, CLASSES))
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=args.lr, momentum=0.9)
        self.weights_changed = []
        self.run = firstpass.start_run(args.experiment, run_id, seed=seed, max_epochs=args.epochs, model=self.model,
                                       optimizer=self.optimizer, controllable=args.controllable, kafka=kafka,
                                       command_keys=keys, state_dir=args.state_dir,
                                       local_schedule=firstpass.LocalSchedule.every(
                                           args.local_every, firstpass.weight_noise(0.01)) if args.local_every else None,
                                       ack_local_kicks=args.ack_local_kicks,
                                       config={"dataset": "gaussian-clusters", "model": "mlp 8-16-3"})

    def epoch(self, epoch):
        self.model.train()
        order = torch.randperm(len(self.train_x))
        for start in range(0, len(order), 64):
            batch = order[start:start + 64]
            self.optimizer.zero_grad()
            loss = torch.nn.functional.cross_entropy(self.model(self.train_x[batch]), self.train_y[batch])
            loss.backward()
            self.optimizer.step()
        self.model.eval()
        with torch.no_grad():
            accuracy = (self.model(self.test_x).argmax(1) == self.test_y).float().mean().item()
        before = [p.detach().clone() for p in self.model.parameters()]
        kicks = self.run.end_epoch(epoch, {"test_acc": accuracy, "train_loss": loss.item()})
        if kicks:
            self.weights_changed.append(any(not torch.equal(b, p) for b, p in zip(before, self.model.parameters())))

    def summary(self):
        run = self.run
        return {"run_id": run.run_id, "finished": run.finished, "arm": run.current_arm(),
                "perturbations_applied": run.perturbations_applied,
                "kicks": [[k.epoch, k.command_id, k.perturbation.kind] for k in run.kicks],
                "weights_changed": self.weights_changed,
                "refusals": [[a.command_id, a.reason] for a in run.refusals], "undelivered": run.undelivered}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--experiment", required=True)
    parser.add_argument("--runs", required=True, help="run ids, comma-separated")
    parser.add_argument("--seed-base", type=int, default=0)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--epoch-seconds", type=float, default=0.0)
    parser.add_argument("--lr", type=float, default=0.05)
    parser.add_argument("--controllable", action="store_true")
    parser.add_argument("--local-every", type=int, default=0, help="kick every N epochs on a local schedule")
    parser.add_argument("--ack-local-kicks", action="store_true")
    parser.add_argument("--memory-capacity", type=int, default=1000)
    parser.add_argument("--spool-dir")
    parser.add_argument("--state-dir")
    parser.add_argument("--close-timeout", type=float, default=60.0)
    parser.add_argument("--handshake-after", default="")
    parser.add_argument("--summary", required=True)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(name)s %(levelname)s %(message)s")
    torch.set_num_threads(1)

    kafka = firstpass.KafkaSettings(args.bootstrap, memory_capacity=args.memory_capacity,
                                    close_timeout=args.close_timeout, spool_dir=args.spool_dir,
                                    security=firstpass.Security.from_environment())
    keys = firstpass.CommandKeyRing.from_environment() if args.controllable else None
    handshakes = {int(e) for e in args.handshake_after.split(",") if e}
    fleet = [Trainee(run_id, args.seed_base + i, args, kafka, keys)
             for i, run_id in enumerate(args.runs.split(","))]
    print("started", flush=True)
    for epoch in range(1, args.epochs + 1):
        began = time.monotonic()
        for trainee in fleet:
            trainee.epoch(epoch)
        if epoch in handshakes:
            print("epoch %d" % epoch, flush=True)
            sys.stdin.readline()
        time.sleep(max(0.0, args.epoch_seconds - (time.monotonic() - began)))
    for trainee in fleet:
        trainee.run.finish()
    with open(args.summary, "w") as f:
        json.dump([t.summary() for t in fleet], f, indent=1)
    print("finished", flush=True)


if __name__ == "__main__":
    main()
