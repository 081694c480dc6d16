"""Epoch time of the same training with and without the FirstPass client: same model, data and seed.

Rounds are interleaved (plain, client, client, plain, ...) so that drift of a shared machine falls on
both alike; each variant's figure is the median over all its measured epochs (the first epoch of each run
is a warm-up and left out). The client variant is a controllable run publishing to Kafka: every epoch is
reported and the commands are checked at every boundary, with the producer and the command listener on
their threads. No command is sent, so both variants train exactly the same numbers. The time spent inside
the client's calls at the boundary is measured too, and the CPU time of every thread but the training thread
(the producer, the command listener and librdkafka's own threads, measured through /proc with psutil when it
is installed), as bounds that do not depend on the noise of a shared machine.

    python3 clients/python/benchmarks/overhead.py --bootstrap 127.0.0.1:9092   # scripts/bench-python-client.sh
"""

import argparse
import json
import os
import statistics
import sys
import threading
import time

import torch

try:
    import psutil
except ImportError:  # the background CPU time is then not reported
    psutil = None

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, os.path.join(HERE, "..", "examples"))
import firstpass  # noqa: E402
import train_classifier as example  # noqa: E402


def run(variant, round_index, data, args, device):
    train, test = data
    torch.manual_seed(args.seed)
    model = example.mlp().to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    shuffle = torch.Generator().manual_seed(args.seed)
    client = None
    if variant == "client":
        client = firstpass.start_run("bench-overhead", "bench-r%d" % round_index, seed=args.seed,
                                     max_epochs=args.epochs, model=model, optimizer=optimizer, controllable=True,
                                     kafka=firstpass.KafkaSettings(args.bootstrap, close_timeout=10))
    epochs, boundaries = [], []
    background = _background_cpu()
    for epoch in range(1, args.epochs + 1):
        began = time.perf_counter()
        train_loss, train_accuracy = example.train_epoch(model, optimizer, train, 128, shuffle, device)
        test_loss, test_accuracy = example.evaluate(model, test, device)
        if client is not None:
            boundary = time.perf_counter()
            client.report_epoch(epoch, {"train_loss": train_loss, "train_accuracy": train_accuracy,
                                        "test_loss": test_loss, "test_accuracy": test_accuracy})
            client.apply_commands(epoch)
            boundaries.append(time.perf_counter() - boundary)
        if device.type == "cuda":
            torch.cuda.synchronize()
        epochs.append(time.perf_counter() - began)
    background = _background_cpu() - background
    if client is not None:
        client.finish()
    return epochs[1:], boundaries, test_accuracy, background / args.epochs


def _background_cpu():
    """CPU seconds used so far by every thread of this process except the one that trains."""
    if psutil is None:
        return 0.0
    me = threading.get_native_id()
    return sum(t.user_time + t.system_time for t in psutil.Process().threads() if t.id != me)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--train-subset", type=int, default=10000)
    parser.add_argument("--test-subset", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--device", choices=["auto", "cpu", "cuda"], default="cpu")
    parser.add_argument("--threads", type=int, default=1, help="torch intra-op threads (default 1, as bench-trainer)")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    device = example.device_of(args.device)
    dataset, train, test = example.load_data(args.train_subset, args.test_subset)
    times = {"plain": [], "client": []}
    background = {"plain": [], "client": []}
    ratios = []
    boundaries = []
    accuracies = set()
    for r in range(args.rounds):
        order = ("plain", "client") if r % 2 == 0 else ("client", "plain")
        medians = {}
        for variant in order:
            epochs, spent, accuracy, cpu = run(variant, r, (train, test), args, device)
            times[variant] += epochs
            background[variant].append(cpu)
            boundaries += spent
            accuracies.add(round(accuracy, 6))
            medians[variant] = statistics.median(epochs)
            print("round %d %-6s median epoch %.4f s" % (r + 1, variant, medians[variant]), flush=True)
        ratios.append(medians["client"] / medians["plain"])
    plain, client = statistics.median(times["plain"]), statistics.median(times["client"])
    figures = {
        "dataset": dataset, "device": str(device), "torch": torch.__version__, "threads": args.threads, "rounds": args.rounds,
        "epochs_per_run": args.epochs, "epochs_measured_per_variant": len(times["plain"]),
        "train_samples": len(train[1]), "test_samples": len(test[1]),
        "plain_median_s": round(plain, 4), "client_median_s": round(client, 4),
        "overhead_percent": round(100 * (client / plain - 1), 2),
        "overhead_percent_median_of_rounds": round(100 * (statistics.median(ratios) - 1), 2),
        "background_cpu_ms_per_epoch_plain": round(1000 * statistics.median(background["plain"]), 2),
        "background_cpu_ms_per_epoch_client": round(1000 * statistics.median(background["client"]), 2),
        "boundary_median_ms": round(1000 * statistics.median(boundaries), 3),
        "boundary_max_ms": round(1000 * max(boundaries), 3),
        "boundary_share_percent": round(100 * statistics.median(boundaries) / plain, 3),
        "same_final_accuracy": len(accuracies) == 1,
    }
    print(json.dumps(figures, indent=1))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(figures, f, indent=1)


if __name__ == "__main__":
    main()
