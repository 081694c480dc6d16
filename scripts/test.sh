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
# (librdkafka clients). The Python client (clients/python) is tested with Debian's interpreter, which has
# PyTorch and confluent-kafka as packages: pytest for its unit tests, and Python trainer processes in the
# Maven module's integration tests. Each skips, saying why, when its package is absent.
PYTHON=/usr/bin/python3
python_module_missing() { [[ ! -x $PYTHON ]] || ! "$PYTHON" -c "import $1" 2>/dev/null; }
missing=()
[[ -d /usr/share/datasets/fashion-mnist ]] || missing+=(dataset-fashion-mnist)
[[ -x /usr/bin/victoria-metrics ]] || missing+=(victoria-metrics)
command -v docker-compose >/dev/null || missing+=(docker-compose)
command -v kcat >/dev/null || missing+=(kcat)
python_module_missing pytest && missing+=(python3-pytest)
python_module_missing torch && missing+=(python3-torch)
python_module_missing confluent_kafka && missing+=(python3-confluent-kafka)
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

# The Python client's unit tests first: they take seconds and need neither Java nor a broker.
if python_module_missing pytest || python_module_missing torch || python_module_missing confluent_kafka; then
  echo "test.sh: $PYTHON lacks pytest, torch or confluent_kafka: the Python client's tests are skipped;" \
    "install with: sudo apt-get install -y python3-pytest python3-torch python3-confluent-kafka" >&2
else
  "$PYTHON" -m pytest -q -p no:cacheprovider clients/python/tests
fi

exec mvn -B -ntp verify "$@"
