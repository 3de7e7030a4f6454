#!/bin/sh
# The postgres service's entrypoint: hands the passwords the `init` step generated (root-only files
# of the secrets volume) to the image's own entrypoint, which initialises the cluster on the first
# start and runs initdb/ once. Works with the official image and any that keeps its contract.
set -eu
dir=/run/gatehouse/postgres
POSTGRES_PASSWORD=$(cat "$dir/superuser-password")
GATEHOUSE_AUTH_PASSWORD=$(cat "$dir/auth-password")
GATEHOUSE_DISCOVERY_PASSWORD=$(cat "$dir/discovery-provider-password")
GATEHOUSE_GATE_PASSWORD=$(cat "$dir/gate-password")
export POSTGRES_PASSWORD GATEHOUSE_AUTH_PASSWORD GATEHOUSE_DISCOVERY_PASSWORD GATEHOUSE_GATE_PASSWORD
exec docker-entrypoint.sh "$@"
