#!/usr/bin/env bash
# Benchmarks the trainer's epoch time against PyTorch doing the same work on the same machine (Debian's
# python3-torch, run by /usr/bin/python3), and the cost of publishing every epoch to Kafka, all in one
# run, interleaved so load changes hit every variant alike.
#   scripts/bench-trainer.sh [ROUNDS] [MODEL]
# MODEL mlp (default): MLP 784-256-128-10 on a 10,000-image Fashion-MNIST subset, the full test set,
# 6 epochs. MODEL cnn: the `--model cnn` network on 1,000 training and 1,000 test images, 4 epochs.
# Batch 128, SGD lr 0.05, one thread on both sides: torch.set_num_threads(1) and --threads 1, and
# OPENBLAS_NUM_THREADS, OMP_NUM_THREADS and MKL_NUM_THREADS set to 1 for both processes, so neither
# side's BLAS starts threads of its own. Each epoch's time is the median of its epochs after the first.
# Environment:
#   BASELINE_JAR=path   also time this firstpass jar (e.g. one built from an earlier commit) in every
#                       round, for a before/after comparison in the same run
#   TORCH_BLAS_DIR=dir  a folder holding libblas.so.3 for torch (e.g. the openblas-pthread folder of an
#                       unpacked libopenblas0-pthread); without it torch uses the system's libblas.so.3,
#                       and on Debian's reference BLAS it runs about 30 times slower
#   KAFKA=0             leave out the variant that publishes to Kafka
#   CPU=1               report CPU seconds per epoch instead of wall-clock seconds: each variant runs
#                       once with 1 epoch and once with all, and the difference of the processes' user
#                       plus system time is divided by the extra epochs (start-up, data loading and
#                       the JVM's compilation of the first epoch cancel out). On a machine shared with
#                       other work this varies far less than the wall clock; Kafka is left out
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rounds="${1:-3}"
model="${2:-mlp}"
case "$model" in
  mlp) train_n=10000 test_n=10000 epochs=6 ;;
  cnn) train_n=1000 test_n=1000 epochs=4 ;;
  *) echo "bench-trainer.sh: model must be mlp or cnn: $model" >&2; exit 2 ;;
esac
/usr/bin/python3 -c "import torch" 2>/dev/null || { echo "bench-trainer.sh: needs python3-torch (apt-get install python3-torch libopenblas0-pthread)" >&2; exit 2; }
[[ -d /usr/share/datasets/fashion-mnist ]] || { echo "bench-trainer.sh: needs dataset-fashion-mnist" >&2; exit 2; }
[[ -z "${BASELINE_JAR:-}" || -f "$BASELINE_JAR" ]] || { echo "bench-trainer.sh: BASELINE_JAR is not a file: $BASELINE_JAR" >&2; exit 2; }
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
./firstpass --version >/dev/null
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
bootstrap=none
cpu="${CPU:-0}"
if [[ "${KAFKA:-1}" != 0 && "$cpu" == 0 ]]; then
  ./firstpass broker --port 0 --data-dir "$work/broker-data" > "$work/broker.log" 2>&1 &
  for _ in $(seq 60); do grep -q "ready at" "$work/broker.log" && break; sleep 1; done
  bootstrap=$(sed -n 's/.*ready at \([^ ]*\) .*/\1/p' "$work/broker.log")
fi
steady() {  # the median epoch time after the first (epoch 1 includes the warm-up), from epoch times on stdin
  tail -n +2 | sort -n | awk '{ t[NR] = $1 } END { print (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }'
}
cpu_seconds() {  # command...: the user plus system seconds it took (bash's time, so functions work)
  local TIMEFORMAT='%U %S'
  { time "$@" >/dev/null 2>&1; } 2> "$work/time"
  awk '{ print $1 + $2 }' "$work/time"
}
per_epoch_cpu() {  # function to run with an epoch count: CPU seconds per epoch after the first
  local one all
  one=$(cpu_seconds "$@" 1)
  all=$(cpu_seconds "$@" "$epochs")
  awk -v one="$one" -v all="$all" -v n="$epochs" 'BEGIN { printf "%.3f\n", (all - one) / (n - 1) }'
}
run_trainer() {  # label, jar, bootstrap, epochs
  java -Djava.awt.headless=true -jar "$2" train --quiet --dataset fashion-mnist --train-subset "$train_n" \
    --test-subset "$test_n" --model "$model" --optimizer sgd --lr 0.05 --epochs "$4" --seeds 0 --threads 1 \
    --bootstrap-servers "$3" --experiment "bench-$1-$RANDOM" --record "$work/$1"
}
run_torch() {  # epochs
  LD_LIBRARY_PATH="${TORCH_BLAS_DIR:-}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
    /usr/bin/python3 benchmarks/pytorch/epoch_time.py "$model" "$train_n" "$test_n" "$1"
}
train() {  # label, jar, bootstrap
  if [[ "$cpu" != 0 ]]; then
    per_epoch_cpu run_trainer "$1" "$2" "$3"
  else
    run_trainer "$1" "$2" "$3" "$epochs" >/dev/null 2>&1
    tail -n +2 "$work/$1"/*.csv | cut -d, -f6 | steady
  fi
  rm -rf "${work:?}/$1"
}
torch() {
  if [[ "$cpu" != 0 ]]; then
    per_epoch_cpu run_torch
  else
    run_torch "$epochs" | steady
  fi
}
header='round  pytorch_s  firstpass_s'
[[ -n "${BASELINE_JAR:-}" ]] && header+='  baseline_s'
[[ "$bootstrap" != none ]] && header+='  firstpass_kafka_s'
echo "$header"
for round in $(seq "$rounds"); do
  line="$(printf '%5d  %9s' "$round" "$(torch)")"
  line+="$(printf '  %11s' "$(train current cli/target/firstpass.jar none)")"
  [[ -n "${BASELINE_JAR:-}" ]] && line+="$(printf '  %10s' "$(train baseline "$BASELINE_JAR" none)")"
  [[ "$bootstrap" != none ]] && line+="$(printf '  %17s' "$(train kafka cli/target/firstpass.jar "$bootstrap")")"
  echo "$line"
done
