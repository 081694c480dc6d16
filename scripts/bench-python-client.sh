#!/usr/bin/env bash
# Epoch time of a PyTorch training with the FirstPass Python client against the same training without it
# (clients/python/benchmarks/overhead.py): starts a local broker for the client's Kafka traffic, runs the
# interleaved rounds with Debian's interpreter (python3-torch, python3-confluent-kafka), stops the broker.
# Run on purpose, never as a test. Extra arguments go to overhead.py, e.g. --rounds 10 --device cuda.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON=${FIRSTPASS_PYTHON:-/usr/bin/python3}
"$PYTHON" -c "import torch, confluent_kafka" 2>/dev/null || {
  echo "bench-python-client: $PYTHON needs torch and confluent_kafka (apt-get install python3-torch python3-confluent-kafka)" >&2
  exit 1
}
port=${FIRSTPASS_BENCH_PORT:-19192}
data=$(mktemp -d)
log="$data/broker.log"
./firstpass broker --port "$port" --data-dir "$data/kafka" >"$log" 2>&1 &
broker=$!
trap 'kill "$broker" 2>/dev/null; wait "$broker" 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do
  grep -q "Kafka broker ready" "$log" && break
  kill -0 "$broker" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 1
done
grep -q "Kafka broker ready" "$log" || { echo "bench-python-client: the broker did not start" >&2; exit 1; }
"$PYTHON" clients/python/benchmarks/overhead.py --bootstrap "127.0.0.1:$port" "$@"
