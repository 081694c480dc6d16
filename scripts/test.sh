#!/usr/bin/env bash
# The test command of the README: checks the toolchain, installs what the tests need on a fresh
# Debian machine, then runs every module's tests (and the dependency-convergence check).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

for tool in java mvn; do
  command -v "$tool" >/dev/null || { echo "test.sh: '$tool' is required (Java 17+ and Maven 3.8+)" >&2; exit 1; }
done

# The InfluxDB sink's tests need a server of InfluxDB's write API (VictoriaMetrics) and docker-compose (to
# validate docker-compose.yml without a Docker engine); the trainer's dataset test reads the real
# Fashion-MNIST files; the foreign-stream walkthrough publishes with kcat and with Python's confluent-kafka
# (librdkafka clients). Each skips, saying why, when its package is absent.
missing=()
[[ -d /usr/share/datasets/fashion-mnist ]] || missing+=(dataset-fashion-mnist)
[[ -x /usr/bin/victoria-metrics ]] || missing+=(victoria-metrics)
command -v docker-compose >/dev/null || missing+=(docker-compose)
command -v kcat >/dev/null || missing+=(kcat)
[[ -x /usr/bin/python3 ]] && /usr/bin/python3 -c 'import confluent_kafka' 2>/dev/null \
  || missing+=(python3-confluent-kafka)
if (( ${#missing[@]} > 0 )); then
  if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "test.sh: installing ${missing[*]}" >&2
    if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }; then
      echo "test.sh: could not install ${missing[*]}: the tests that need them will be skipped" >&2
    fi
  else
    echo "test.sh: ${missing[*]} not installed: the tests that need them will be skipped;" \
      "install with: sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  fi
fi

if [[ ! -d ../shared/data/paper-transfer ]]; then
  echo "test.sh: ../shared/data/paper-transfer is absent: tests on the development set will be skipped" >&2
fi

exec mvn -B -ntp verify "$@"
