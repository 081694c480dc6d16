#!/bin/bash
# Runs once, when the influxdb:2.7 container initialises a new data volume (docker-entrypoint-initdb.d):
# applies the FirstPass dashboard template to the organisation created by DOCKER_INFLUXDB_INIT_*.
# The image's entrypoint points the influx CLI at the initialising server (INFLUX_HOST).
set -euo pipefail
influx apply \
  --org "${DOCKER_INFLUXDB_INIT_ORG}" \
  --token "${DOCKER_INFLUXDB_INIT_ADMIN_TOKEN}" \
  --file /etc/firstpass/firstpass-dashboard.json \
  --force yes
echo "FirstPass dashboard applied to org ${DOCKER_INFLUXDB_INIT_ORG}"
