#!/bin/bash
# One-shot set-up of the `secured` profile's broker, as its admin user: the FirstPass topics, a SCRAM
# user per FirstPass service, and the ACLs that let each service do its job and nothing else: only the
# controller may write commands, only trainers the metrics topics. docs/security.md explains each ACL.
# Running it again is harmless: topics are kept, credentials and ACLs are set to the same values.
set -euo pipefail
bootstrap="${FIRSTPASS_BOOTSTRAP_SERVERS:-kafka-secured:9092}"
bin=/opt/kafka/bin

secret() {  # secret NAME VALUE: the password of one user, refused if kafka-configs could not carry it
  if [[ -z "$2" ]]; then
    echo "secure-cluster: $1 is empty; set it in .env (see .env.example)" >&2
    exit 1
  fi
  if [[ ! "$2" =~ ^[A-Za-z0-9._~+/@%:-]+$ ]]; then
    echo "secure-cluster: $1 may only hold letters, digits and ._~+/@%:- (try: openssl rand -hex 24)" >&2
    exit 1
  fi
}
secret KAFKA_ADMIN_PASSWORD "${FIRSTPASS_KAFKA_ADMIN_PASSWORD:-}"
declare -A users=(
  [monitor]="${FIRSTPASS_MONITOR_PASSWORD:-}"
  [controller]="${FIRSTPASS_CONTROLLER_PASSWORD:-}"
  [sink]="${FIRSTPASS_SINK_PASSWORD:-}"
  [trainer]="${FIRSTPASS_TRAINER_PASSWORD:-}"
)
for user in "${!users[@]}"; do
  secret "KAFKA_${user^^}_PASSWORD" "${users[$user]}"
done

umask 077
config=/tmp/firstpass-admin.properties
cat > "$config" <<PROPERTIES
security.protocol=SASL_PLAINTEXT
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$FIRSTPASS_KAFKA_ADMIN_PASSWORD";
PROPERTIES

FIRSTPASS_ADMIN_CONFIG="$config" /bin/bash /opt/firstpass/create-topics.sh

# Both mechanisms, so a client may use either; one per request, as KRaft refuses two changes of one
# user's credentials in a request.
for user in "${!users[@]}"; do
  for mechanism in SCRAM-SHA-256 SCRAM-SHA-512; do
    "$bin/kafka-configs.sh" --bootstrap-server "$bootstrap" --command-config "$config" --alter \
      --entity-type users --entity-name "$user" --add-config "$mechanism=[password=${users[$user]}]"
  done
done

acl() {
  "$bin/kafka-acls.sh" --bootstrap-server "$bootstrap" --command-config "$config" --add --force "$@" > /dev/null
}
# Trainers: write epochs, lifecycle and acks; read commands (without a consumer group).
acl --allow-principal User:trainer --operation Write \
  --topic training.metrics.epoch --topic training.runs.lifecycle --topic training.control.acks
acl --allow-principal User:trainer --operation Read --topic training.control.commands
# Controller: the only writer of commands; writes its decisions in the same transactions and reads
# them back at start; reads what it decides from (without a consumer group).
acl --allow-principal User:controller --operation Write \
  --topic training.control.commands --topic training.control.decisions
acl --allow-principal User:controller --operation Read --topic training.metrics.epoch \
  --topic training.runs.lifecycle --topic training.control.acks --topic training.monitor.fpt_stats \
  --topic training.control.decisions
acl --allow-principal User:controller --operation Write --transactional-id firstpass-controller
# Monitor (Kafka Streams, exactly-once, application id firstpass-monitor): its inputs and outputs; its
# internal topics, consumer group and transactional ids, all named after the application id.
acl --allow-principal User:monitor --operation Read \
  --topic training.metrics.epoch --topic training.control.acks --topic training.runs.lifecycle
acl --allow-principal User:monitor --operation Write \
  --topic training.monitor.fpt_stats --topic training.monitor.plateau --topic training.metrics.epoch.dlq
acl --allow-principal User:monitor --operation Create --operation Read --operation Write --operation Delete \
  --resource-pattern-type prefixed --topic firstpass-monitor-
acl --allow-principal User:monitor --operation Read --group firstpass-monitor
acl --allow-principal User:monitor --operation Write --resource-pattern-type prefixed --transactional-id firstpass-monitor-
# Sink: reads every topic it copies, in its consumer group.
acl --allow-principal User:sink --operation Read --topic training.metrics.epoch --topic training.control.commands \
  --topic training.control.acks --topic training.control.decisions --topic training.monitor.fpt_stats \
  --topic training.monitor.plateau
acl --allow-principal User:sink --operation Read --group firstpass-sink

"$bin/kafka-acls.sh" --bootstrap-server "$bootstrap" --command-config "$config" --list
