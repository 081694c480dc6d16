#!/usr/bin/env python3
"""A complete PyTorch training script under FirstPass: CUDA when there is one, kicks on a local schedule
or from the controller, epochs recorded as JSON lines that ``firstpass analyze`` reads.

Fashion-MNIST from /usr/share/datasets/fashion-mnist when installed (Debian: dataset-fashion-mnist), else
generated Gaussian clusters of the same shape. One MLP (784-256-128-10, SGD with momentum) per seed.

Offline, a baseline and an arm kicked every 5 epochs, then the analysis:

    python3 examples/train_classifier.py --seeds 0-7 --epochs 30 --record runs/baseline
    python3 examples/train_classifier.py --seeds 0-7 --epochs 30 --kick shrink_perturb --every 5 \\
        --record runs/s_and_p_reset5
    ./firstpass analyze --baseline runs/baseline --probe runs/s_and_p_reset5 --metric test_accuracy --target 0.86

Live, under the monitor and controller (commands checked against FIRSTPASS_COMMAND_KEYS when set):

    FIRSTPASS_BOOTSTRAP_SERVERS=127.0.0.1:9092 python3 examples/train_classifier.py --seeds 0-7 --controllable
"""

import argparse
import gzip
import os
import struct
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import firstpass  # noqa: E402

FASHION_MNIST = "/usr/share/datasets/fashion-mnist"


def read_idx(path):
    """An IDX file (gzip): big-endian magic 2051 for images or 2049 for labels, counts, then unsigned bytes."""
    with gzip.open(path, "rb") as f:
        magic, count = struct.unpack(">II", f.read(8))
        shape = (count,) if magic == 2049 else (count,) + struct.unpack(">II", f.read(8))
        if magic not in (2049, 2051):
            raise ValueError("%s is not an IDX file of images or labels: magic %d" % (path, magic))
        return torch.frombuffer(bytearray(f.read()), dtype=torch.uint8).reshape(shape)


def fashion_mnist(folder):
    def part(prefix):
        images = read_idx(os.path.join(folder, prefix + "-images-idx3-ubyte.gz")).reshape(-1, 784).float() / 255.0
        return (images - 0.2860) / 0.3530, read_idx(os.path.join(folder, prefix + "-labels-idx1-ubyte.gz")).long()
    return part("train"), part("t10k")


def generated(seed=4, train=6000, test=1000):
    generator = torch.Generator().manual_seed(seed)
    centres = torch.randn(10, 784, generator=generator) * 0.15

    def draw(n):
        labels = torch.randint(0, 10, (n,), generator=generator)
        return centres[labels] + torch.randn(n, 784, generator=generator), labels
    return draw(train), draw(test)


def load_data(subset, test_subset=0):
    if os.path.isdir(FASHION_MNIST):
        (train_x, train_y), test = fashion_mnist(FASHION_MNIST)
        name = "fashion-mnist"
    else:
        (train_x, train_y), test = generated()
        name = "generated"
    if subset:
        train_x, train_y = train_x[:subset], train_y[:subset]
    if test_subset:
        test = (test[0][:test_subset], test[1][:test_subset])
    return name, (train_x, train_y), test


def seeds(text):
    if "-" in text:
        first, last = text.split("-")
        return list(range(int(first), int(last) + 1))
    return [int(s) for s in text.split(",")]


def device_of(choice):
    if choice == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if choice == "cuda" and not torch.cuda.is_available():
        raise SystemExit("train_classifier: --device cuda, but torch sees no CUDA device")
    return torch.device(choice)


def mlp():
    return torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128), torch.nn.ReLU(),
                               torch.nn.Linear(128, 10))


def train_epoch(model, optimizer, train, batch_size, generator, device):
    model.train()
    features, labels = train
    order = torch.randperm(len(labels), generator=generator)
    total, correct, loss_sum = 0, 0, 0.0
    for start in range(0, len(order), batch_size):
        batch = order[start:start + batch_size]
        x, y = features[batch].to(device, non_blocking=True), labels[batch].to(device, non_blocking=True)
        optimizer.zero_grad(set_to_none=True)
        logits = model(x)
        loss = torch.nn.functional.cross_entropy(logits, y)
        loss.backward()
        optimizer.step()
        loss_sum += loss.item() * len(y)
        correct += (logits.argmax(1) == y).sum().item()
        total += len(y)
    return loss_sum / total, correct / total


def evaluate(model, test, device):
    model.eval()
    features, labels = test
    with torch.no_grad():
        logits = torch.cat([model(features[i:i + 1000].to(device)) for i in range(0, len(labels), 1000)])
        labels = labels.to(device)
        return torch.nn.functional.cross_entropy(logits, labels).item(), (logits.argmax(1) == labels).float().mean().item()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--experiment", default="fmnist-mlp-python")
    parser.add_argument("--seeds", type=seeds, default=[0], help="e.g. 0-7 or 0,3,5 (default 0)")
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--lr", type=float, default=0.05)
    parser.add_argument("--train-subset", type=int, default=0, help="train on the first N samples only")
    parser.add_argument("--test-subset", type=int, default=0, help="evaluate on the first N test samples only")
    parser.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
    parser.add_argument("--kick", choices=sorted(firstpass.protocol.KINDS), help="kick on a local schedule")
    parser.add_argument("--params", default="", help="the kick's parameters, e.g. shrink=0.4,perturb=0.1")
    parser.add_argument("--every", type=int, default=5, help="local kick period (default 5)")
    parser.add_argument("--record", help="folder to record each run's epochs to, as <run id>.jsonl")
    parser.add_argument("--arm", help="arm reported in the runs' events (default: the record folder's name)")
    parser.add_argument("--controllable", action="store_true", help="take commands from the controller")
    args = parser.parse_args(argv)

    device = device_of(args.device)
    dataset, train, test = load_data(args.train_subset, args.test_subset)
    if device.type == "cuda":
        train = (train[0].pin_memory(), train[1].pin_memory())
    kafka = firstpass.KafkaSettings.from_environment() if (
        os.environ.get("FIRSTPASS_BOOTSTRAP_SERVERS") or args.controllable) else None
    params = {k: float(v) for k, v in (p.split("=") for p in args.params.split(",") if p)}
    schedule = firstpass.LocalSchedule.every(args.every, firstpass.perturbation(args.kick, params)) if args.kick else None
    arm = args.arm or (os.path.basename(os.path.normpath(args.record)) if args.record and args.kick else None)
    keys = firstpass.CommandKeyRing.from_environment() if args.controllable else None
    print("train_classifier: %s on %s (%s), seeds %s, %d epochs%s" % (
        dataset, device, torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu", args.seeds,
        args.epochs, ", kicks: " + schedule.describe() if schedule else ""), flush=True)

    for seed in args.seeds:
        torch.manual_seed(seed)
        model = mlp().to(device)
        optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9)
        shuffle = torch.Generator().manual_seed(seed)
        run_id = "%s-s%d" % (args.experiment, seed)
        with firstpass.start_run(args.experiment, run_id, seed=seed, max_epochs=args.epochs, arm=arm, model=model,
                                 optimizer=optimizer, local_schedule=schedule, controllable=args.controllable,
                                 command_keys=keys, kafka=kafka, record_dir=args.record,
                                 config={"dataset": dataset, "model": "mlp 784-256-128-10", "device": str(device)},
                                 hyperparams={"lr": args.lr, "batch_size": args.batch_size}) as run:
            for epoch in range(1, args.epochs + 1):
                began = time.perf_counter()
                train_loss, train_accuracy = train_epoch(model, optimizer, train, args.batch_size, shuffle, device)
                test_loss, test_accuracy = evaluate(model, test, device)
                if device.type == "cuda":
                    torch.cuda.synchronize()
                seconds = time.perf_counter() - began
                kicks = run.end_epoch(epoch, {"train_loss": train_loss, "train_accuracy": train_accuracy,
                                              "test_loss": test_loss, "test_accuracy": test_accuracy,
                                              "epoch_seconds": seconds})
                print("%s epoch %d: test_accuracy %.4f, %.3f s%s" % (
                    run_id, epoch, test_accuracy, seconds,
                    "".join("; kick %s (%s)" % (k.perturbation.describe(), k.source) for k in kicks)), flush=True)


if __name__ == "__main__":
    main()
