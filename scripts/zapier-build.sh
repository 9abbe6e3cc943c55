#!/usr/bin/env bash
# Builds build/build.zip (what Zapier runs) and build/source.zip from a clean staging folder that
# holds only the compiled app and its production dependencies. Building in the project folder
# would ship the package.json of every devDependency; letting the CLI copy the project would copy
# all of node_modules first (EMFILE on machines with a modest open-file limit).
set -euo pipefail
# The CLI reports usage to Zapier unless told not to; a build sends nothing.
export DISABLE_ZAPIER_ANALYTICS=1
root=$(cd "$(dirname "$0")/.." && pwd)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

cd "$root"
# No tsc here: the zip's app is bundled from the TypeScript sources, and `npm test` type-checks.
bash scripts/bundle-entries.sh scripts/bundle-app.ts scripts/check-build-zip.ts
cp -R package.json package-lock.json .zapierapprc .gitignore README.md index.js tsconfig.json src "$stage/"
# Zapier runs one bundled file (the app and zod, English locale only; see scripts/bundle-app.ts)
# as dist/src/index.js: the CLI traces requires from index.js, so zod's files stay out of the zip.
node "$root/dist/scripts/bundle-app.js" "$stage/dist/src/index.js"
cd "$stage"
# The app is already compiled: the CLI must not look for TypeScript here.
npm pkg delete 'scripts._zapier-build' >/dev/null
# No optional packages. The one that would ship is node-fetch's `encoding` (with iconv-lite's
# code-page tables, about 185 KB of the zip), used only by node-fetch's textConverted(), which core
# never calls; the others are type packages. A new optional dependency would be dropped too.
npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund --prefer-offline --loglevel=error
"$root/node_modules/.bin/zapier-platform" build --skip-dep-install --skip-validation "$@"
mkdir -p "$root/build"
cp build/build.zip build/source.zip "$root/build/"

# Run the zip as Zapier will, in a folder holding nothing else.
check="$stage/check"
mkdir "$check"
unzip -q build/build.zip -d "$check"
(cd "$check" && NODE_ENV=test node "$root/dist/scripts/check-build-zip.js")
ls -l "$root/build"
