#!/usr/bin/env bash
# Builds and packs the seven published packages (every plugins/*) the way a
# release would, then checks the tarballs (scripts/check-packed.mjs): a pack
# error, a workspace: range left in a packed manifest or an import of an
# undeclared package fails.
# The tarballs are left in dist-packs/ for the adoption test.
set -euo pipefail
cd "$(dirname "$0")/.."

out="$PWD/dist-packs"
rm -rf "$out"
mkdir -p "$out"

yarn tsc
yarn backstage-cli repo build
for dir in plugins/*/; do
  name="$(node -p "require('./${dir}package.json').name")"
  file="$out/$(echo "${name#@}" | tr / -).tgz"
  (cd "$dir" && yarn pack --out "$file" >/dev/null)
done
node scripts/check-packed.mjs "$out"/*.tgz
