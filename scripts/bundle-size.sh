#!/usr/bin/env bash
# Builds the release bundle (cargo leptos build --release --frontend-only: the server's release
# build is not needed for sizes) and prints the gzip size of what a browser downloads for a page:
# the WASM, the JS glue and the CSS.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
ensure_rust_tools
# cargo-leptos runs wasm-opt in release builds and would otherwise try to download it; Debian's
# binaryen is too old. The npm package brings a current one.
tools="$HOME/.cache/mci-customers/tools"
if [ ! -x "$tools/node_modules/.bin/wasm-opt" ]; then
  say "Installing wasm-opt (npm binaryen@132)"
  npm install --prefix "$tools" --no-audit --no-fund binaryen@132 >/dev/null
fi
export PATH="$tools/node_modules/.bin:$PATH"
say "Release build (browser bundle only)"
cargo leptos build --release --frontend-only
say "Sizes (bytes)"
total=0
for f in target/site/pkg/mci-customers.wasm target/site/pkg/mci-customers.js target/site/pkg/mci-customers.css; do
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  total=$((total + gz))
  printf '%-40s %10s raw %10s gzip\n' "$f" "$raw" "$gz"
done
printf '%-40s %21s gzip\n' "total" "$total"
