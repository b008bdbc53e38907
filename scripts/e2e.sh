#!/usr/bin/env bash
# Browser end-to-end: build the frontend, start the portal backend (which
# serves the built app on :7007) with the demo catalog on SQLite, then run
# Playwright in Debian's Chromium. Screenshots land in e2e-artifacts/.
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

port=7007
if curl -fsS -o /dev/null "http://localhost:$port/.backstage/health/v1/readiness" 2>/dev/null; then
  echo "e2e: a portal already answers on :$port; stop it first" >&2
  exit 1
fi

mkdir -p e2e-artifacts
echo "e2e: building the frontend"
yarn workspace app build >e2e-artifacts/app-build.log 2>&1 || {
  tail -50 e2e-artifacts/app-build.log
  exit 1
}

echo "e2e: starting the backend"
(
  cd packages/backend
  exec yarn start --config ../../app-config.yaml --config ../../app-config.e2e.yaml
) >e2e-artifacts/backend.log 2>&1 &
backend=$!
trap 'kill $backend 2>/dev/null; wait $backend 2>/dev/null || true' EXIT

for _ in $(seq 1 180); do
  if curl -fsS -o /dev/null "http://localhost:$port/.backstage/health/v1/readiness" 2>/dev/null; then
    break
  fi
  if ! kill -0 $backend 2>/dev/null; then
    tail -50 e2e-artifacts/backend.log
    echo "e2e: the backend exited" >&2
    exit 1
  fi
  sleep 1
done

# Readiness comes before the catalog has read the demo files and before the
# value stream task has seeded their history: wait for both, as the guest
# user (the demo's integrations token may only send alerts).
token="$(curl -fsS -H 'x-requested-with: XMLHttpRequest' \
  "http://localhost:$port/api/auth/guest/refresh?env=development" |
  node -e "console.log(JSON.parse(require('fs').readFileSync(0, 'utf8')).backstageIdentity.token)")"
entity="http://localhost:$port/api/catalog/entities/by-name/component/default/checkout-service"
history="http://localhost:$port/api/value-stream/service-levels?entityRef=component%3Adefault%2Fcheckout-service&limit=1"
echo "e2e: waiting for the demo catalog and its value stream history"
seeded=""
for _ in $(seq 1 300); do
  if curl -fsS -H "authorization: Bearer $token" "$entity" 2>/dev/null |
    grep -E '"name": ?"checkout-service"' >/dev/null &&
    curl -fsS -H "authorization: Bearer $token" "$history" 2>/dev/null |
    grep -E '"entityRef": ?"component:default/checkout-service"' >/dev/null; then
    seeded=1
    break
  fi
  sleep 1
done
if [ -z "$seeded" ]; then
  tail -50 e2e-artifacts/backend.log
  echo "e2e: the demo data did not appear within 5 minutes" >&2
  exit 1
fi

yarn playwright test "$@"
