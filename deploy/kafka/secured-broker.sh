#!/bin/bash
# Entry point of the `secured` profile's broker. Writes the JAAS file with the admin user, the broker's
# own identity on its PLAIN listeners (controller and inter-broker) and its only super user, from
# FIRSTPASS_KAFKA_ADMIN_PASSWORD; then starts the image's own entry point. The image cannot take a JAAS
# configuration from an environment variable (values with '=' are dropped), hence the file.
# Client users authenticate with SCRAM; secure-cluster.sh creates them once the broker is up.
set -euo pipefail
password="${FIRSTPASS_KAFKA_ADMIN_PASSWORD:-}"
if [[ -z "$password" ]]; then
  echo "secured-broker: KAFKA_ADMIN_PASSWORD is empty; set it in .env (see .env.example)" >&2
  exit 1
fi
if [[ "$password" == *'"'* || "$password" == *'\'* ]]; then
  echo "secured-broker: KAFKA_ADMIN_PASSWORD must not contain a double quote or a backslash" >&2
  exit 1
fi
umask 077
cat > /tmp/firstpass-kafka-jaas.conf <<JAAS
KafkaServer {
  org.apache.kafka.common.security.plain.PlainLoginModule required
    username="admin" password="$password" user_admin="$password";
  org.apache.kafka.common.security.scram.ScramLoginModule required;
};
JAAS
# For the health check and for anyone who opens a shell in the container.
cat > /tmp/firstpass-admin.properties <<PROPERTIES
security.protocol=SASL_PLAINTEXT
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$password";
PROPERTIES
exec /etc/kafka/docker/run
