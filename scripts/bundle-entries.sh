#!/usr/bin/env bash
# Bundles TypeScript entry points with esbuild, without type-checking (`npm test` does that), so
# `npm start`, `npm run sandbox|bench|openapi` and the zip build start in well under a second.
# Each lands where tsc would put it (scripts/start.ts → dist/scripts/start.js): __dirname in the
# entry keeps its depth, but in a module bundled into it __dirname is the entry's folder (so the
# benchmark finds the project by its package-lock.json). Packages stay external: node_modules is found from dist/ as from
# the sources. test/integration/start.test.ts bundles scripts/start.ts the same way.
# Usage: bash scripts/bundle-entries.sh <entry.ts>...
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
exec node_modules/.bin/esbuild "$@" --bundle --platform=node --target=node22 --packages=external \
  --outbase=. --outdir=dist --log-level=warning
