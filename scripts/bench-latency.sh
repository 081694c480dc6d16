#!/usr/bin/env bash
# The loop's latency under load, from the epoch event that completes the monitor's evidence to the
# trainer applying the resulting command: the in-process broker, the real monitor and controller and
# simulated trainers in one JVM (LoopLatencyRun). Run on purpose, never in CI:
#   scripts/bench-latency.sh [runs [epochs [commands]]]      (defaults 120 60 400)
# Runs twice in a row with the same load: paced by the monitor (a step waits until the monitor has
# committed the last one: the baseline) and at a fixed pace (5 ms between steps whatever the monitor's
# lag). Each writes latencies.csv (one line per command) under target/latency/pace-*.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

runs="${1:-120}"
epochs="${2:-60}"
commands="${3:-400}"
mvn -q -B -pl benchmarks -am package -DskipTests
for pace in monitor fixed; do
  out="target/latency/pace-$pace"
  rm -rf "$out"
  java -Xmx1g -cp benchmarks/target/benchmarks.jar -Dorg.slf4j.simpleLogger.defaultLogLevel=error \
    dev.firstpass.benchmarks.LoopLatencyRun --out "$out" --runs "$runs" --epochs "$epochs" --listen-ms 5 \
    --pace "$pace" --commands "$commands"
done
