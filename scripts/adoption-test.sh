#!/usr/bin/env bash
# Adoption test: installs the packed plugins into fresh Backstage apps the way
# the READMEs tell an adopter to, for both frontend systems, and checks that
# they work there. Manual or nightly (about half an hour), not part of .ci/run.
#
#   ./dev bash scripts/adoption-test.sh [both|new|legacy]
#
# For each frontend system, in $ADOPTION_DIR (default /tmp/value-stream-adoption):
#   1. creates an app with the @backstage/create-app of backstage.json's release
#      (--legacy for the legacy frontend system);
#   2. installs dist-packs/*.tgz with the commands of the root README's install
#      section, and wires the backend modules and, for the legacy system, the
#      frontend with the snippets of the READMEs (scripts/adoption-app.mjs);
#   3. yarn tsc, builds the frontend, starts the backend on $ADOPTION_PORT
#      (default 7117) and checks over HTTP: the board, a summary, the catalog
#      module's validation and the scaffolder actions;
#   4. renders the page, the entity tab and an asset in Chromium.
#
# ADOPTION_SKIP_PACK=1 reuses dist-packs/ instead of running pack-check.sh.
# ADOPTION_LINE=latest moves each new app onto the newest @backstage/* releases
# the registry holds (what `backstage-cli versions:bump` does with the release
# manifest, which this machine cannot fetch) before installing the suite: the
# suite's ranges must accept that line too. Either way, the install must not
# leave a second copy of a @backstage/* package inside the suite's packages.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"

systems="${1:-both}"
case "$systems" in
  both) systems="new legacy" ;;
  new | legacy) ;;
  *)
    echo "usage: scripts/adoption-test.sh [both|new|legacy]" >&2
    exit 2
    ;;
esac
work="${ADOPTION_DIR:-/tmp/value-stream-adoption}"
line="${ADOPTION_LINE:-release}"
case "$line" in
  release | latest) ;;
  *) echo "ADOPTION_LINE must be release or latest" >&2 && exit 2 ;;
esac
port="${ADOPTION_PORT:-7117}"
base="http://localhost:$port"
mkdir -p "$work"
# create-app checks `yarn --version` where it runs; outside a project
# corepack would look up the latest Yarn. Give the work dir this repository's.
node -e 'const pm = require("./package.json").packageManager;
  require("fs").writeFileSync(process.argv[1], JSON.stringify({ private: true, packageManager: pm }))' \
  "$work/package.json"
# The apps are not this repository: their installs may write their lockfiles.
export YARN_ENABLE_IMMUTABLE_INSTALLS=false
# `yarn add` asks Algolia whether @types packages exist; a machine that
# reaches only the npm registry fails on it. The packages ship their types.
export YARN_TS_ENABLE_AUTO_TYPES=false
unset CI

log() { echo "adoption $(date +%T): $*"; }
fail() {
  echo "adoption: FAILED: $*" >&2
  exit 1
}
timings=()
# Runs "$@" as one timed phase of the report.
phase() {
  local name="$1" start=$SECONDS
  shift
  log "$name"
  "$@"
  timings+=("$(printf '%-28s %4ds' "$name" $((SECONDS - start)))")
}

pack() {
  if [ -n "${ADOPTION_SKIP_PACK:-}" ] && compgen -G "dist-packs/*.tgz" >/dev/null; then
    log "reusing dist-packs/ (ADOPTION_SKIP_PACK)"
  else
    bash scripts/pack-check.sh
  fi
}

# The @backstage/create-app of a Backstage release writes that release into
# the new app's backstage.json; each create-app has it compiled into
# dist/package.json.cjs.js. Look through the published create-app versions,
# newest first, until one belongs to backstage.json's release. When the
# registry cannot tell, fall back to 0.9.2, checked by hand to be the
# create-app of Backstage 1.55.0 (the release of this repository).
PINNED_CREATE_APP=0.9.2
release="$(node -p "require('./backstage.json').version")"
create_app=""
find_create_app() {
  local versions v dir got
  versions="$(npm view @backstage/create-app versions --json 2>/dev/null |
    node -e 'const v = JSON.parse(require("fs").readFileSync(0, "utf8"));
      const key = s => s.split(".").map(n => n.padStart(6, "0")).join(".");
      console.log(v.filter(s => /^\d+\.\d+\.\d+$/.test(s)).sort((a, b) => key(b).localeCompare(key(a))).join(" "))')" || versions=""
  for v in $versions; do
    dir="$work/create-app/$v"
    if [ ! -f "$dir/package/dist/package.json.cjs.js" ]; then
      mkdir -p "$dir"
      (cd "$dir" && npm pack --silent "@backstage/create-app@$v" >/dev/null && tar xzf ./*.tgz) || break
    fi
    got="$(node -p "require('$dir/package/dist/package.json.cjs.js').version" 2>/dev/null)" || break
    if [ "$got" = "$release" ]; then
      create_app="$v"
      break
    fi
    # Older releases than ours follow; stop.
    if [ "$(printf '%s\n%s\n' "$got" "$release" | sort -V | head -1)" = "$got" ]; then break; fi
  done
  if [ -z "$create_app" ]; then
    log "no create-app found for Backstage $release; using the pinned $PINNED_CREATE_APP"
    create_app="$PINNED_CREATE_APP"
  fi
  log "Backstage $release: @backstage/create-app@$create_app"
}

create() {
  local system="$1" app="$work/$1"
  rm -rf "$app"
  local flags=(--path "$system" --skip-install)
  [ "$system" = legacy ] && flags+=(--legacy)
  (cd "$work" && BACKSTAGE_APP_NAME="vs-$system" npx --yes "@backstage/create-app@$create_app" "${flags[@]}") \
    >"$work/$system-create.log" 2>&1 || {
    tail -30 "$work/$system-create.log"
    fail "create-app ($system)"
  }
  [ "$(node -p "require('$app/backstage.json').version")" = "$release" ] ||
    fail "the new app is not on Backstage $release"
  # create-app seeds yarn.lock from GitHub to hold the app's dependencies to
  # versions that work together. Without it (a machine that reaches only the
  # npm registry) the caret ranges pull packages of later releases, and the
  # stock app does not start (signals-backend 0.3.21 needs the
  # addWebSocketHandler of backend-defaults 0.19). Seed it with this
  # repository's lockfile instead: the lockfile of a Backstage $release app.
  if [ "$line" = latest ]; then
    node scripts/adoption-app.mjs bump-latest "$app" >>"$work/$system-create.log" 2>&1 ||
      fail "moving the $system app onto the latest releases"
  elif grep -q 'Failed to fetch the yarn.lock seed' "$work/$system-create.log"; then
    cp yarn.lock "$app/yarn.lock"
  fi
  return 0
}

# A copy of a @backstage/* package nested under one of the suite's packages
# means the suite's range does not accept the app's version: the plugin
# would talk to a second catalog-react, scaffolder-node, ... of its own.
check_copies() {
  local app="$work/$1" nested
  nested="$(cd "$app" && find node_modules/@valuestream -path '*/node_modules/@backstage/*/package.json' \
    -not -path '*/node_modules/@backstage/*/node_modules/*' 2>/dev/null |
    xargs -r -n1 node -e 'const p = require(require("path").resolve(process.argv[1])); console.log(`${process.argv[1]} (${p.version})`)')"
  [ -z "$nested" ] || fail "second copies of @backstage packages inside the suite's packages:
$nested"
  log "  ok: no second copy of a @backstage package inside the suite's packages"
}

install() {
  local app="$work/$1"
  # "Copy dist-packs/ into your app as valuestream/"
  cp -r dist-packs "$app/valuestream"
  node scripts/adoption-app.mjs install "$app" >"$work/$1-install.log" 2>&1 || {
    tail -40 "$work/$1-install.log"
    fail "install ($1)"
  }
}

wire() {
  local app="$work/$1"
  node scripts/adoption-app.mjs wire-backend "$app"
  if [ "$1" = legacy ]; then
    node scripts/adoption-app.mjs wire-legacy "$app"
  else
    # The new frontend system: feature discovery picks the plugin up.
    grep -q '^  packages: all' "$app/app-config.yaml" || fail "the new app has no feature discovery"
  fi
  # A licence (an asset), and a component whose runbook is not a URL: the
  # catalog module must keep it out of the catalog.
  cat >"$app/examples/value-stream.yaml" <<'EOF'
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: adoption-licence
  annotations:
    valuestream.io/asset-type: license
    valuestream.io/asset-vendor: Elastic N.V.
    valuestream.io/asset-expires: '2027-01-15'
spec:
  type: license
  owner: guests
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: bad-runbook
  annotations:
    valuestream.io/runbook: not a url
spec:
  type: service
  lifecycle: experimental
  owner: guests
EOF
  cat >"$app/app-config.adoption.yaml" <<EOF
app:
  baseUrl: $base
backend:
  baseUrl: $base
  listen:
    port: $port
  cors:
    origin: $base
catalog:
  locations:
    - type: file
      target: ../../examples/entities.yaml
    - type: file
      target: ../../examples/org.yaml
      rules:
        - allow: [User, Group]
    - type: file
      target: ../../examples/value-stream.yaml
EOF
}

in_app() {
  local system="$1" what="$2"
  shift 2
  (cd "$work/$system" && "$@") >"$work/$system-$what.log" 2>&1 || {
    tail -40 "$work/$system-$what.log"
    fail "$what ($system)"
  }
}

configs=(--config ../../app-config.yaml --config ../../app-config.adoption.yaml)
backend_pid=""
stop_backend() {
  if [ -n "$backend_pid" ]; then
    kill -- "-$backend_pid" 2>/dev/null || true
    wait "$backend_pid" 2>/dev/null || true
    backend_pid=""
  fi
}
trap stop_backend EXIT

start_backend() {
  local app="$work/$1"
  if curl -fsS -o /dev/null "$base/.backstage/health/v1/readiness" 2>/dev/null; then
    fail "something already answers on :$port (set ADOPTION_PORT)"
  fi
  (cd "$app/packages/backend" && exec setsid yarn start "${configs[@]}") >"$work/$1-backend.log" 2>&1 &
  backend_pid=$!
  for _ in $(seq 1 240); do
    curl -fsS -o /dev/null "$base/.backstage/health/v1/readiness" 2>/dev/null && return 0
    kill -0 "$backend_pid" 2>/dev/null || break
    sleep 1
  done
  tail -40 "$work/$1-backend.log"
  fail "the backend did not start ($1)"
}

# GET or POST with the guest's token; prints the body, fails on an error status.
api() {
  curl -fsS -H "authorization: Bearer $token" -H 'content-type: application/json' "$@"
}
json() { node -e "const body = JSON.parse(require('fs').readFileSync(0, 'utf8')); $1"; }

check_http() {
  local system="$1" body status
  token="$(curl -fsS -H 'x-requested-with: XMLHttpRequest' \
    "$base/api/auth/guest/refresh?env=development" | json 'console.log(body.backstageIdentity.token)')"

  # The board lists example-website once the catalog has it (the first
  # catalog pass takes a few seconds).
  for _ in $(seq 1 60); do
    body="$(api "$base/api/value-stream/board")"
    grep -q 'component:default/example-website' <<<"$body" && break
    sleep 3
  done
  json 'if (!body.columns?.length) throw new Error("no columns")' <<<"$body"
  grep -q 'component:default/example-website' <<<"$body" || fail "example-website is not on the board"
  log "  ok: GET /api/value-stream/board lists example-website"

  api "$base/api/value-stream/entities/component/default/example-website/summary" |
    json 'if (!body.stage) throw new Error("no stage in the summary"); console.log(`  ok: summary of example-website: stage ${body.stage}`)'

  # The catalog module's processor: validate-entity refuses a bad annotation,
  # and the bad entity of the file location stays out with the error logged.
  status="$(curl -sS -o "$work/validate.json" -w '%{http_code}' -H "authorization: Bearer $token" \
    -H 'content-type: application/json' "$base/api/catalog/validate-entity" \
    -d '{"location":"url:https://example.com/catalog-info.yaml","entity":{"apiVersion":"backstage.io/v1alpha1","kind":"Component","metadata":{"name":"bad-runbook-2","annotations":{"valuestream.io/runbook":"not a url"}},"spec":{"type":"service","lifecycle":"experimental","owner":"guests"}}}')"
  [ "$status" = 400 ] && grep -q 'valuestream.io/runbook' "$work/validate.json" ||
    fail "validate-entity did not refuse a bad valuestream.io/runbook: $status $(cat "$work/validate.json")"
  log "  ok: POST /api/catalog/validate-entity refuses a bad valuestream.io/runbook"
  for _ in $(seq 1 30); do
    grep -q 'component:default/bad-runbook: annotation valuestream.io/runbook' "$work/$system-backend.log" && break
    sleep 2
  done
  grep -q 'component:default/bad-runbook: annotation valuestream.io/runbook' "$work/$system-backend.log" ||
    fail "no processing error for component:default/bad-runbook in the backend log"
  status="$(curl -sS -o /dev/null -w '%{http_code}' -H "authorization: Bearer $token" \
    "$base/api/catalog/entities/by-name/component/default/bad-runbook")"
  [ "$status" = 404 ] || fail "component:default/bad-runbook is in the catalog ($status)"
  log "  ok: the catalog keeps bad-runbook out and logs its processing error"

  body="$(api "$base/api/scaffolder/v2/actions")"
  for action in valuestream:change:create valuestream:service-level:propose valuestream:stage:get; do
    grep -q "\"$action\"" <<<"$body" || fail "scaffolder action $action is not listed"
  done
  log "  ok: GET /api/scaffolder/v2/actions lists the valuestream: actions"
}

run_system() {
  local system="$1" start=$SECONDS
  phase "$system: create-app" create "$system"
  phase "$system: install tarballs" install "$system"
  phase "$system: no second copies" check_copies "$system"
  phase "$system: wiring" wire "$system"
  phase "$system: yarn tsc" in_app "$system" tsc yarn tsc
  phase "$system: build frontend" in_app "$system" build yarn workspace app build "${configs[@]}"
  phase "$system: start backend" start_backend "$system"
  phase "$system: HTTP checks" check_http "$system"
  phase "$system: Chromium" node scripts/adoption-app.mjs render "$base" "$work/$system-screenshots"
  stop_backend
  timings+=("$(printf '%-28s %4ds' "$system: total" $((SECONDS - start)))")
}

total=$SECONDS
phase "pack" pack
find_create_app
for system in $systems; do
  run_system "$system"
done
echo
echo "adoption test passed ($systems) with @backstage/create-app@$create_app (Backstage $release, ADOPTION_LINE=$line):"
printf '  %s\n' "${timings[@]}"
printf '  %-28s %4ds\n' "all" $((SECONDS - total))
