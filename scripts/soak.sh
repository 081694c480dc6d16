#!/usr/bin/env bash
# The soak run: the whole loop (in-process broker, monitor, controller, simulated trainers) for hours in
# one JVM with a 1 GiB heap, sampling heap and store sizes every 30 s. Run on purpose, never in CI:
#   scripts/soak.sh [minutes [output folder]]        (defaults 150 and target/soak)
# Writes soak.csv, violations.log, soak.png and soak-summary.md to the output folder; to redraw the chart
# and summary from the CSV (e.g. after a kill -9):
#   java -cp benchmarks/target/benchmarks.jar dev.firstpass.benchmarks.SoakRun --summarize FOLDER
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

minutes="${1:-150}"
out="${2:-target/soak}"
mvn -q -B -pl benchmarks -am -DskipTests package
java -Xmx1g -cp benchmarks/target/benchmarks.jar dev.firstpass.benchmarks.SoakRun --minutes "$minutes" --out "$out"
