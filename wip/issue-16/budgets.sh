#!/usr/bin/env bash
# The first-load budgets, in headless Chromium, on the release bundle: the Customers page at most
# 250 000 B transferred (HTML + JS + WASM + CSS, compressed as served, headers included), the
# sign-in and consent pages at most 150 000 B each. Exits non-zero when one is exceeded; the
# figures go to target/budgets.json. `--lighthouse` also runs Lighthouse 12 (npm
# lighthouse@12.2.3, mobile preset) on the three pages: performance >= 95, accessibility 100,
# Time to Interactive <= 3.5 s (target/lighthouse.json).
#
# The server is the debug binary `cargo leptos build` made (the bytes a page moves do not depend
# on how the server was optimised), started from a folder where it finds the release bundle's
# hash.txt beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
ensure_rust_tools
ensure_chromium
ensure_node_modules
build_release_bundle
if [ "${SKIP_SERVER_BUILD:-}" != 1 ]; then
  say "Server (debug build, as test-all.sh makes it)"
  cargo leptos build
fi
run=$(mktemp -d)
trap 'rm -rf "$run"' EXIT
cp "$CARGO_TARGET_DIR/debug/mci-customers" "$run/"
cp "$CARGO_TARGET_DIR/server-release/hash.txt" "$run/"
export E2E_SERVER_BIN="$run/mci-customers"
export E2E_SITE_ROOT="$PWD/target/site-release"
export LEPTOS_HASH_FILES=true
say "First-load budgets (headless Chromium)"
specs=(budgets.spec.ts)
if [ "${1:-}" = "--lighthouse" ]; then
  tools="$HOME/.cache/mci-customers/tools"
  if [ ! -x "$tools/node_modules/.bin/lighthouse" ]; then
    say "Installing Lighthouse (npm lighthouse@12.2.3)"
    npm install --prefix "$tools" --no-audit --no-fund lighthouse@12.2.3 >/dev/null
  fi
  export LIGHTHOUSE_BIN="$tools/node_modules/.bin/lighthouse"
  specs+=(lighthouse.spec.ts)
fi
(cd end2end && npx playwright test --config playwright.budgets.config.ts "${specs[@]}")
