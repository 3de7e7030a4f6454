#!/usr/bin/env bash
# `npm run compose:check`: docker-compose.yml run for real, from the images up, as a user would,
# and torn down again. Needs a Docker engine (and the base images, pulled or stand-ins) and the
# project built (`npm run build`, for the host-side flow check). Prints a line a step with the time.
#   COMPOSE_CHECK_PROJECT  compose project name (default gatehouse-check); KEEP=1 leaves it running.
set -euo pipefail
cd "$(dirname "$0")/../.."
project=${COMPOSE_CHECK_PROJECT:-gatehouse-check}
if docker compose version >/dev/null 2>&1; then compose=(docker compose -p "$project"); else compose=(docker-compose -p "$project"); fi
start=$(date +%s.%N)
step() { awk -v t0="$start" -v t="$(date +%s.%N)" -v m="$*" 'BEGIN { printf "%7.1fs  %s\n", t - t0, m }'; }
fail() { step "FAILED: $*"; "${compose[@]}" logs --tail=40 >&2 || true; exit 1; }
cleanup() { [ -n "${KEEP:-}" ] || { "${compose[@]}" down -v --remove-orphans >/dev/null 2>&1 && step "down -v: containers and volumes removed"; }; }
trap cleanup EXIT
container() { "${compose[@]}" ps -q "$1"; }
state() { docker inspect -f '{{.State.Status}} {{.State.ExitCode}} {{if .State.Health}}{{.State.Health.Status}}{{end}}' "$(container "$1")"; }
in_init() { "${compose[@]}" run --rm --no-deps -T init "$@" 2>/dev/null; }
secret() { in_init cat "/run/gatehouse/$1"; }

step "compose: ${compose[*]}"
"${compose[@]}" down -v --remove-orphans >/dev/null 2>&1 || true
"${compose[@]}" build --quiet >/dev/null 2>&1 || "${compose[@]}" build || fail "image build"
step "image gatehouse:local built: $(docker image inspect gatehouse:local -f '{{.Size}}' | awk '{printf "%.0f MB", $1/1e6}')"
"${compose[@]}" up -d >/dev/null 2>&1 || fail "up"
step "up -d returned"

wait_for() { # service, wanted state prefix, seconds
  for _ in $(seq "$3"); do
    case "$(state "$1" 2>/dev/null || true)" in $2*) return 0 ;; esac
    sleep 1
  done
  fail "$1 is '$(state "$1" 2>/dev/null || echo missing)', wanted '$2'"
}
wait_for init 'exited 0' 60 && step "init: secrets generated"
wait_for tokens 'exited 0' 180 && step "tokens: configuration tokens issued"
for service in postgres auth discovery-provider facade gate; do
  wait_for "$service" 'running 0 healthy' 180
  step "$service: healthy"
done

step "flow through the published ports:"
AUTH_URL=http://127.0.0.1:7100 GATE_URL=ws://127.0.0.1:8080 ALICE_PASSWORD="$(secret operator/alice-password)" \
  node dist/tools/compose/flow-check.js || fail "flow"

count_tokens() {
  local admin
  admin=$(curl -sf -u "operator:$(secret operator/client-secret)" -d grant_type=client_credentials http://127.0.0.1:7100/oauth/token | node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token')
  curl -sf -H "authorization: Bearer $admin" http://127.0.0.1:7000/admin/configuration-tokens | node -pe 'JSON.parse(require("fs").readFileSync(0)).length'
}
before=$(count_tokens)
"${compose[@]}" up -d >/dev/null 2>&1 || fail "second up"
wait_for tokens 'exited 0' 120
"${compose[@]}" run --rm tokens >/dev/null 2>&1 || fail "tokens rerun"
after=$(count_tokens)
[ "$before" = 2 ] && [ "$after" = 2 ] || fail "configuration tokens: $before after the first up, $after after a second up and a rerun (want 2 and 2)"
step "idempotent: 2 configuration tokens after the first up, still 2 after a second up and a rerun of tokens"

if "${compose[@]}" exec -T facade cat /run/gatehouse/gate/auth-client-secret >/dev/null 2>&1; then fail "the facade can read the gate's secret"; fi
if "${compose[@]}" exec -T gate cat /run/gatehouse/facade/configuration-token >/dev/null 2>&1; then fail "the gate can read the facade's token"; fi
"${compose[@]}" exec -T gate cat /run/gatehouse/gate/configuration-token >/dev/null 2>&1 || fail "the gate cannot read its own token"
step "secrets: each service reads its own folder only ($(in_init stat -c '%n uid %u mode %a' /run/gatehouse/gate /run/gatehouse/gate/configuration-token /run/gatehouse/facade/configuration-token | tr '\n' ';'))"
step "users: $(for s in auth discovery-provider gate facade; do printf '%s=%s ' "$s" "$("${compose[@]}" exec -T "$s" id -u)"; done)"
step "published: $(docker ps --filter "label=com.docker.compose.project=$project" --format '{{.Names}} {{.Ports}}' | grep -- '->' | sed -E 's/^[^ ]*_([a-z-]+)_[0-9]+ /\1 /' | tr '\n' ';')"
ps_ids=$(docker ps -q --filter "label=com.docker.compose.project=$project")
step "idle CPU after 20 s: $(sleep 20; docker stats --no-stream --format '{{.Name}} {{.CPUPerc}}' $ps_ids | sed -E 's/^[^ ]*_([a-z-]+)_[0-9]+ /\1 /' | tr '\n' ';')"
step "compose check passed"
