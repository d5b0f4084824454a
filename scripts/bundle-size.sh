#!/usr/bin/env bash
# Builds the release bundle as production serves it (setup.sh's build_release_bundle: hashed,
# precompressed; the server's release build is not needed for sizes) and lists every file of it:
# raw, and as served compressed (gzip, brotli). For where the bytes go, run twiggy on the WASM
# before wasm-bindgen (README, "Measuring").
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
ensure_rust_tools
build_release_bundle
say "Sizes (bytes)"
printf '%-60s %10s %10s %10s\n' file raw gzip brotli
for f in $(ls -S target/site-release/pkg/ | grep -v -E '\.(br|gz)$'); do
  p="target/site-release/pkg/$f"
  gz=$([ -f "$p.gz" ] && stat -c %s "$p.gz" || echo -)
  br=$([ -f "$p.br" ] && stat -c %s "$p.br" || echo -)
  printf '%-60s %10s %10s %10s\n' "$f" "$(stat -c %s "$p")" "$gz" "$br"
done
