#!/usr/bin/env bash
# Benchmarks the trainer's epoch time (MLP 784-256-128-10, batch 128, Fashion-MNIST 10k subset, one
# thread) against PyTorch on the same machine (Debian's python3-torch), and the cost of publishing
# every epoch to Kafka, all in one run, interleaved so load changes hit every variant alike.
#   scripts/bench-trainer.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rounds="${1:-3}"
python3 -c "import torch" 2>/dev/null || { echo "bench-trainer.sh: needs python3-torch (apt-get install python3-torch)" >&2; exit 2; }
[[ -d /usr/share/datasets/fashion-mnist ]] || { echo "bench-trainer.sh: needs dataset-fashion-mnist" >&2; exit 2; }
./firstpass --version >/dev/null
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
./firstpass broker --port 0 --data-dir "$work/kafka" > "$work/broker.log" 2>&1 &
for _ in $(seq 60); do grep -q "ready at" "$work/broker.log" && break; sleep 1; done
bootstrap=$(sed -n 's/.*ready at \([^ ]*\) .*/\1/p' "$work/broker.log")
train() {  # label, bootstrap
  ./firstpass train --quiet --dataset fashion-mnist --train-subset 10000 --model mlp --optimizer sgd --lr 0.05 \
    --epochs 6 --seeds 0 --threads 1 --bootstrap-servers "$2" --experiment "bench-$1-$RANDOM" --record "$work/$1" >/dev/null
  # Epoch 1 includes warm-up; the median of epochs 2-6 is the steady epoch time.
  tail -n +3 "$work/$1"/*.csv | cut -d, -f6 | sort -n | sed -n 3p
  rm -rf "${work:?}/$1"
}
printf 'round  pytorch_s  firstpass_offline_s  firstpass_kafka_s\n'
for round in $(seq "$rounds"); do
  torch_s=$(python3 benchmarks/pytorch/mlp_epoch.py 10000 6 | tail -n 5 | sort -n | sed -n 3p)
  offline_s=$(train offline none)
  kafka_s=$(train kafka "$bootstrap")
  printf '%5d  %9s  %19s  %17s\n' "$round" "$torch_s" "$offline_s" "$kafka_s"
done
