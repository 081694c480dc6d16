#!/usr/bin/env bash
# Benchmarks the monitor's throughput against a plain consumer that only parses the same epoch events,
# both on an in-process broker, in the same run. Run on purpose:
#   scripts/bench-monitor.sh [runs [epochs [experiments [java|crc32]]]]   (defaults 10000 100 4 java: 1,000,000
#   events from a Java producer; crc32 publishes as librdkafka partitions)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

mvn -q -B -pl benchmarks -am package -DskipTests
java -Xmx2g -cp benchmarks/target/benchmarks.jar -Dorg.slf4j.simpleLogger.defaultLogLevel=error \
  dev.firstpass.benchmarks.MonitorThroughputBenchmark "$@"
