#!/usr/bin/env bash
# The CPU-scale experiment of docs/experiment-fmnist.md: Fashion-MNIST (10k training subset), an MLP,
# constant learning rate, no augmentation; a baseline and shrink-and-perturb every 10 and 20 epochs,
# SEEDS seeds per arm, recorded in the `firstpass analyze` input layout under OUT.
#   scripts/experiment-fmnist.sh [OUT] [SEEDS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out="${1:-experiments/fmnist-mlp}"
seeds="${2:-12}"
common=(--dataset fashion-mnist --train-subset 10000 --model mlp --optimizer sgd --lr 0.05 --epochs 40
        --seeds "0-$((seeds - 1))" --parallel 2 --threads 1 --bootstrap-servers none --experiment fmnist-mlp)
./firstpass train "${common[@]}" --arm baseline --record "$out/baseline"
for tau in 10 20; do
  ./firstpass train "${common[@]}" --arm "sp$tau" --kick shrink_perturb --every "$tau" --record "$out/s_and_p_reset$tau"
done
