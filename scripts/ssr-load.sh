#!/usr/bin/env bash
# The server's render of the Customers page under load (issue 16, item 7): the real application on
# a scratch SQLite database with 10 000 known customers, and wrk (2 threads, 32 connections, 8 s)
# on the sign-in page, the Customers page signed in, and /healthz; prints the rates and p50/p99
# side by side with the Customers page's share of the sign-in page's rate.
# ./scripts/ssr-load.sh  (SSR_LOAD_SECONDS=N for another duration)
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null; then
  apt-get install -y wrk || { apt-get update && apt-get install -y wrk; }
fi
exec cargo bench -p server --bench ssr_load
