#!/usr/bin/env bash
# The whole test suite, as CI runs it: type check, lint, formatting, unit and
# store tests (SQLite always; PostgreSQL when a server answers), then the
# browser end-to-end test. Stops at the first failing step.
set -euo pipefail
cd "$(dirname "$0")/.."
export CI="${CI:-true}"

step() { printf '\n==> %s\n' "$*"; }

step "type check"
yarn tsc

step "API reports (yarn build:api-reports to update them)"
yarn build:api-reports:only --ci

step "lint"
yarn lint:all

step "formatting"
yarn prettier:check

step "unused files, exports and dependencies (knip)"
yarn knip

step "changesets name published packages only"
yarn changeset status >/dev/null

step "build, pack and check the published packages"
bash scripts/pack-check.sh

# The SLO integration test runs Debian's prometheus (under CI it fails
# without it), installed here as scripts/e2e.sh installs Chromium.
if ! command -v prometheus >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "test: installing Debian's prometheus"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus) >/dev/null
  else
    echo "test: prometheus not found; install Debian's prometheus package" >&2
  fi
fi

# Store tests run the same cases on every database TestDatabases is given.
pg_url="${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-postgresql://postgres@127.0.0.1:5432}"
export BACKSTAGE_TEST_DISABLE_DOCKER=1
if node scripts/pg-ready.js "$pg_url"; then
  export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="$pg_url"
  step "unit and store tests (SQLite and PostgreSQL)"
else
  unset BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
  echo "NOTE: no PostgreSQL answers at ${pg_url#*@}; store tests run on SQLite only and the PostgreSQL cases are skipped."
  step "unit and store tests (SQLite only)"
fi
yarn test:unit --ci

step "browser end-to-end"
bash scripts/e2e.sh

echo
echo "All checks passed."
