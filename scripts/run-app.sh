#!/usr/bin/env bash
# Runs MCI Customers for development: SQLite under ./data (created with the demo data on first
# start), rebuilt on every change. Prints the URL and the demo accounts.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
ensure_rust_tools
export APP_ENV="${APP_ENV:-development}"
export DATABASE_URL="${DATABASE_URL:-sqlite://data/mci-customers.db}"
exec cargo leptos watch
