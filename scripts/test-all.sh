#!/usr/bin/env bash
# Runs every check and test: format, clippy (server and browser builds), the Rust tests (each
# database test on SQLite and on PostgreSQL), then the Playwright tests in headless Chromium
# against the real server.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
ensure_rust_tools
ensure_postgres
ensure_chromium
ensure_node_modules
ensure_python_icalendar
export TEST_POSTGRES_URL="${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"

say "Format"
cargo fmt --all -- --check

say "Clippy (server build, browser build)"
cargo clippy -p domain --all-targets -- -D warnings
cargo clippy -p app --features ssr --all-targets -- -D warnings
cargo clippy -p server --all-targets -- -D warnings
cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

say "Rust tests (SQLite and PostgreSQL)"
cargo test -p domain -p app -p server --features app/ssr

say "Build the application (cargo leptos build)"
cargo leptos build

say "Playwright tests (headless Chromium)"
export E2E_SERVER_BIN="$CARGO_TARGET_DIR/debug/mci-customers"
export E2E_SITE_ROOT="$PWD/target/site"
(cd end2end && npx playwright test)
