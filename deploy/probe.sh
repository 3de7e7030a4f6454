#!/bin/bash
# Container healthcheck: GET http://127.0.0.1:<port><path> answered 200. Bash's /dev/tcp, so a
# probe costs a shell for a millisecond, not a Node process.
# Usage: probe.sh [PORT [PATH]]; PORT defaults to $PORT_PROBE, set per service in docker-compose.yml.
exec 3<>"/dev/tcp/127.0.0.1/${1:-$PORT_PROBE}" || exit 1
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "${2:-/health/ready}" >&3
IFS= read -r -t 3 status <&3 || exit 1
[[ $status == HTTP/1.[01]\ 200* ]]
