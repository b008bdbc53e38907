#!/usr/bin/env bash
# Browser end-to-end: build both demo frontends, start two portal backends
# with the demo catalog on SQLite, each serving one built app, then run
# Playwright in Debian's Chromium. Screenshots land in e2e-artifacts/.
#
#   :7007  packages/app         (new frontend system)
#   :7008  packages/app-legacy  (legacy frontend system, app-config.e2e-legacy.yaml)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "e2e: installing Debian's chromium"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null
  else
    echo "e2e: Chromium not found at ${CHROMIUM_PATH:-/usr/bin/chromium}; install Debian's chromium package" >&2
    exit 1
  fi
fi

readiness() {
  curl -fsS -o /dev/null "http://localhost:$1/.backstage/health/v1/readiness" 2>/dev/null
}

for port in 7007 7008; do
  if readiness $port; then
    echo "e2e: a portal already answers on :$port; stop it first" >&2
    exit 1
  fi
done

mkdir -p e2e-artifacts
for app in app app-legacy; do
  echo "e2e: building $app"
  yarn workspace $app build >e2e-artifacts/$app-build.log 2>&1 || {
    tail -50 e2e-artifacts/$app-build.log
    exit 1
  }
done

pids=()
trap 'for pid in "${pids[@]}"; do kill $pid 2>/dev/null; wait $pid 2>/dev/null || true; done' EXIT

# start_portal <log name> <config file>...: the backend with the base and
# e2e configs plus the given ones, in the background.
start_portal() {
  local log=$1
  shift
  local configs=(--config ../../app-config.yaml --config ../../app-config.e2e.yaml)
  for config in "$@"; do
    configs+=(--config "../../$config")
  done
  (
    cd packages/backend
    exec yarn start "${configs[@]}"
  ) >"e2e-artifacts/$log.log" 2>&1 &
  pids+=($!)
}

# The e2e portals' second change freeze (app-config.e2e.yaml): a week from
# midnight UTC six weeks ahead, for the change enablement test to plan a
# change into. Playwright reads the same variables.
if [ -z "${VALUE_STREAM_E2E_FREEZE_START:-}" ] || [ -z "${VALUE_STREAM_E2E_FREEZE_END:-}" ]; then
  read -r VALUE_STREAM_E2E_FREEZE_START VALUE_STREAM_E2E_FREEZE_END < <(node -e '
    const day = 86400000;
    const start = (Math.floor(Date.now() / day) + 42) * day;
    console.log(new Date(start).toISOString(), new Date(start + 7 * day).toISOString());
  ')
fi
export VALUE_STREAM_E2E_FREEZE_START VALUE_STREAM_E2E_FREEZE_END
echo "e2e: change freeze of the test from $VALUE_STREAM_E2E_FREEZE_START to $VALUE_STREAM_E2E_FREEZE_END"

echo "e2e: starting the backends"
start_portal backend
start_portal backend-legacy app-config.e2e-legacy.yaml

# wait_for_portal <port> <pid> <log name>: readiness, then the demo data.
# Readiness comes before the catalog has read the demo files and before the
# value stream task has seeded their history: wait for both.
wait_for_portal() {
  local port=$1 pid=$2 log=e2e-artifacts/$3.log
  for _ in $(seq 1 180); do
    if readiness "$port"; then
      break
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -50 "$log"
      echo "e2e: the backend on :$port exited" >&2
      exit 1
    fi
    sleep 1
  done

  # As the guest user: the demo's integrations token may only send alerts.
  local token
  token="$(curl -fsS -H 'x-requested-with: XMLHttpRequest' \
    "http://localhost:$port/api/auth/guest/refresh?env=development" |
    node -e "console.log(JSON.parse(require('fs').readFileSync(0, 'utf8')).backstageIdentity.token)")"
  local entity="http://localhost:$port/api/catalog/entities/by-name/component/default/checkout-service"
  local history="http://localhost:$port/api/value-stream/service-levels?entityRef=component%3Adefault%2Fcheckout-service&limit=1"
  echo "e2e: waiting for the demo catalog and its value stream history on :$port"
  for _ in $(seq 1 300); do
    if curl -fsS -H "authorization: Bearer $token" "$entity" 2>/dev/null |
      grep -E '"name": ?"checkout-service"' >/dev/null &&
      curl -fsS -H "authorization: Bearer $token" "$history" 2>/dev/null |
      grep -E '"entityRef": ?"component:default/checkout-service"' >/dev/null; then
      return 0
    fi
    sleep 1
  done
  tail -50 "$log"
  echo "e2e: the demo data did not appear on :$port within 5 minutes" >&2
  exit 1
}

wait_for_portal 7007 "${pids[0]}" backend
wait_for_portal 7008 "${pids[1]}" backend-legacy

yarn playwright test "$@"
