#!/usr/bin/env bash
# Bytes on the wire for the Customers page's first load as a browser asks for it
# (Accept-Encoding: br, gzip), signed in as Contoso's administrator, against a running server
# with the demo data: ./scripts/transfer-size.sh [base URL, default http://127.0.0.1:3000].
# Start the server first (./scripts/run-app.sh, or the built binary with APP_ENV=development);
# run ./scripts/bundle-size.sh before it to measure the release bundle.
set -euo pipefail
B="${1:-http://127.0.0.1:3000}"
J="$(mktemp)"
trap 'rm -f "$J"' EXIT
curl -s -c "$J" -b "$J" -H "origin: $B" -d 'email=admin@contoso.example&password=Demo!2026-mci' "$B/api/sign_in" >/dev/null
total=0
for path in "/engagements/1/customers" "/pkg/mci-customers.js" "/pkg/mci-customers.wasm" "/pkg/mci-customers.css"; do
  read -r size enc < <(curl -s -b "$J" -H 'accept-encoding: br, gzip' -o /dev/null -w '%{size_download} %header{content-encoding}\n' "$B$path")
  printf '%-45s %10s B  %s\n' "$path" "$size" "${enc:-identity}"
  total=$((total + size))
done
echo "first load (HTML + JS + WASM + CSS): $total B"
