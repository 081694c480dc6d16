#!/bin/bash
# One-shot topic creation for docker-compose: the FirstPass topics with FIRSTPASS_PARTITIONS partitions
# each (records are keyed by run id, so more partitions spread more runs), the statistics topic
# compacted (only the latest statistics per key matter). Existing topics are left as they are.
set -euo pipefail
bootstrap="${FIRSTPASS_BOOTSTRAP_SERVERS:-kafka:9092}"
partitions="${FIRSTPASS_PARTITIONS:-3}"
topics=/opt/kafka/bin/kafka-topics.sh

for topic in training.metrics.epoch training.metrics.epoch.dlq training.runs.lifecycle \
    training.control.commands training.control.acks training.control.decisions training.monitor.plateau; do
  "$topics" --bootstrap-server "$bootstrap" --create --if-not-exists --topic "$topic" \
    --partitions "$partitions" --replication-factor 1
done
"$topics" --bootstrap-server "$bootstrap" --create --if-not-exists --topic training.monitor.fpt_stats \
  --partitions "$partitions" --replication-factor 1 --config cleanup.policy=compact
"$topics" --bootstrap-server "$bootstrap" --list
