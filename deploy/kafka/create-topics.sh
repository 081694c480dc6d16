#!/bin/bash
# One-shot topic creation for docker-compose: the FirstPass topics with FIRSTPASS_PARTITIONS partitions
# each (records are keyed by run id, so more partitions spread more runs), each with the retention of
# what it holds (docs/topics.md; the same settings as TopicRole in core, which CreateTopicsScriptTest
# checks). Existing topics are left as they are.
# FIRSTPASS_ADMIN_CONFIG names a client properties file for a secured broker (secure-cluster.sh sets it).
set -euo pipefail
bootstrap="${FIRSTPASS_BOOTSTRAP_SERVERS:-kafka:9092}"
partitions="${FIRSTPASS_PARTITIONS:-3}"
topics=/opt/kafka/bin/kafka-topics.sh
admin=()
if [[ -n "${FIRSTPASS_ADMIN_CONFIG:-}" ]]; then
  admin=(--command-config "$FIRSTPASS_ADMIN_CONFIG")
fi

while read -r topic settings; do
  configs=()
  for setting in $settings; do
    configs+=(--config "$setting")
  done
  "$topics" --bootstrap-server "$bootstrap" "${admin[@]}" --create --if-not-exists --topic "$topic" \
    --partitions "$partitions" --replication-factor 1 "${configs[@]}"
done <<'TOPICS'
training.metrics.epoch cleanup.policy=delete retention.ms=2592000000
training.metrics.epoch.dlq cleanup.policy=delete retention.ms=2592000000
training.runs.lifecycle cleanup.policy=delete retention.ms=2592000000
training.control.commands cleanup.policy=delete retention.ms=604800000
training.control.acks cleanup.policy=delete retention.ms=2592000000
training.control.decisions cleanup.policy=delete retention.ms=7776000000
training.monitor.fpt_stats cleanup.policy=compact
training.monitor.plateau cleanup.policy=delete retention.ms=604800000
TOPICS
"$topics" --bootstrap-server "$bootstrap" "${admin[@]}" --list
