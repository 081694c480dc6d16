#!/bin/bash
# One-shot topic creation for docker-compose: the FirstPass topics with FIRSTPASS_PARTITIONS partitions
# each (records are keyed by run id, so more partitions spread more runs), the statistics topic
# compacted (only the latest statistics per key matter). Existing topics are left as they are.
# FIRSTPASS_ADMIN_CONFIG names a client properties file for a secured broker (secure-cluster.sh sets it).
set -euo pipefail
bootstrap="${FIRSTPASS_BOOTSTRAP_SERVERS:-kafka:9092}"
partitions="${FIRSTPASS_PARTITIONS:-3}"
topics=/opt/kafka/bin/kafka-topics.sh
admin=()
if [[ -n "${FIRSTPASS_ADMIN_CONFIG:-}" ]]; then
  admin=(--command-config "$FIRSTPASS_ADMIN_CONFIG")
fi

for topic in training.metrics.epoch training.metrics.epoch.dlq training.runs.lifecycle \
    training.control.commands training.control.acks training.control.decisions training.monitor.plateau; do
  "$topics" --bootstrap-server "$bootstrap" "${admin[@]}" --create --if-not-exists --topic "$topic" \
    --partitions "$partitions" --replication-factor 1
done
"$topics" --bootstrap-server "$bootstrap" "${admin[@]}" --create --if-not-exists --topic training.monitor.fpt_stats \
  --partitions "$partitions" --replication-factor 1 --config cleanup.policy=compact
"$topics" --bootstrap-server "$bootstrap" "${admin[@]}" --list
