#!/usr/bin/env bash
# The Zapier CLI sends usage analytics unless this is set (docs/deploy.md says how to opt out for good).
export DISABLE_ZAPIER_ANALYTICS=1

# npm run deploy: uploads to Zapier exactly what was built and checked from a commit.
#   1. refuses with uncommitted changes (the upload would match no commit), an unlinked project
#      (.zapierapprc without an id) or no CHANGELOG.md entry for the version (promote needs one);
#   2. builds build/build.zip with the project's own build (scripts/zapier-build.sh: the esbuild
#      bundle, production dependencies without optional ones, then the zip run alone through
#      zapierwrapper.js with its connection test); a failing check stops here;
#   3. uploads it with `zapier-platform upload`. Never `push`: that runs the CLI's own build, which
#      skips all of the above (and fails with EMFILE on a fresh clone).
# DEPLOY_PREBUILT=<folder> uploads the build.zip and source.zip in that folder instead of building
# (a CI artifact, or the deploy test's fixture); the zip is checked here all the same.
# The next steps (env:set, test, promote, migrate) are docs/deploy.md's; this prints them.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
zapier="$root/node_modules/.bin/zapier-platform"

refuse() {
  echo "deploy: $*" >&2
  echo "deploy: nothing was uploaded." >&2
  exit 1
}

if [ -n "$(git status --porcelain)" ]; then
  git status --short >&2
  refuse "uncommitted changes (above). Commit or stash them first, so what is uploaded is exactly a commit."
fi

if ! node -e 'process.exit(JSON.parse(require("fs").readFileSync(".zapierapprc", "utf8")).id ? 0 : 1)' 2>/dev/null; then
  refuse ".zapierapprc has no integration id. Run \`npx zapier-platform register\` (a new integration) or \`npx zapier-platform link\` (an existing one), then commit .zapierapprc (docs/deploy.md)."
fi

version=$(node -p 'require("./package.json").version')
# The CLI's own reader, so this refuses exactly when `zapier-platform promote` would.
if ! node -e '
  const { getVersionChangelog } = require("zapier-platform-cli/src/utils/changelog");
  getVersionChangelog(process.argv[1]).then(({ changelog }) => process.exit(changelog ? 0 : 1));
' "$version"; then
  refuse "CHANGELOG.md has no entry for version $version. Add a \"## $version\" section saying what changed for users (promote shows it to them), and commit it."
fi

# Runs the zip the way Zapier does, in a folder holding nothing but its contents.
check_zip() {
  local unpacked status=0
  unpacked=$(mktemp -d)
  bash scripts/bundle-entries.sh scripts/check-build-zip.ts &&
    unzip -q build/build.zip -d "$unpacked" &&
    (cd "$unpacked" && NODE_ENV=test node "$root/dist/scripts/check-build-zip.js") || status=$?
  rm -rf "$unpacked"
  return $status
}

if [ -n "${DEPLOY_PREBUILT:-}" ]; then
  for file in build.zip source.zip; do
    [ -f "$DEPLOY_PREBUILT/$file" ] || refuse "DEPLOY_PREBUILT=$DEPLOY_PREBUILT holds no $file."
  done
  mkdir -p build
  cp "$DEPLOY_PREBUILT/build.zip" "$DEPLOY_PREBUILT/source.zip" build/
  check_zip || refuse "build/build.zip failed its check (above)."
else
  bash scripts/zapier-build.sh || refuse "the build or its zip check failed (above)."
fi

zip_version=$(unzip -p build/build.zip definition.json | node -p 'JSON.parse(require("fs").readFileSync(0, "utf8")).version')
if [ "$zip_version" != "$version" ]; then
  refuse "build/build.zip is version $zip_version, but package.json says $version."
fi

"$zapier" upload || refuse "zapier-platform upload failed (above)."

cat <<EOF

Uploaded version $version. Next (docs/deploy.md):
  npx zapier-platform env:set $version SNAPSHOTS_API_BASE_URL=https://… CLIENT_ID=… CLIENT_SECRET=…
      (the first version only: later versions copy the previous version's values when created)
  test it in the Zap editor, then:
  npx zapier-platform promote $version
  npx zapier-platform migrate <previous version> $version    (only within one major version)
EOF
