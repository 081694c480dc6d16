#!/usr/bin/env bash
# The test command of the README: checks the toolchain, installs what the tests need on a fresh
# Debian machine, then runs every module's tests (and the dependency-convergence check).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

for tool in java mvn; do
  command -v "$tool" >/dev/null || { echo "test.sh: '$tool' is required (Java 17+ and Maven 3.8+)" >&2; exit 1; }
done

if [[ ! -d ../shared/data/paper-transfer ]]; then
  echo "test.sh: ../shared/data/paper-transfer is absent: tests on the development set will be skipped" >&2
fi

exec mvn -B -ntp verify "$@"
