# Installs what a fresh machine lacks, and skips what is present. Sourced by run-app.sh and
# test-all.sh; every step is idempotent.

# One persistent target directory outside the clone: builds are incremental across clones and CI.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/mci-customers/target}"
mkdir -p "$CARGO_TARGET_DIR"
export PATH="$HOME/.cargo/bin:$PATH"

CARGO_LEPTOS_VERSION=0.3.10

say() { printf '\n== %s\n' "$*"; }

apt_install() {
  if [ -z "${APT_UPDATED:-}" ]; then
    apt-get update -qq
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

ensure_rust_tools() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "Adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
    say "Installing cargo-leptos $CARGO_LEPTOS_VERSION (a long build, once per machine)"
    cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
  fi
  # cargo-leptos uses the wasm-bindgen on PATH without comparing versions; it must be exactly the
  # library's version from Cargo.lock or hydration breaks at run time.
  local wanted
  wanted=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
  if ! wasm-bindgen --version 2>/dev/null | grep -q "$wanted"; then
    say "Installing wasm-bindgen-cli $wanted"
    cargo install wasm-bindgen-cli --version "$wanted" --force
  fi
}

ensure_postgres() {
  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    return
  fi
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    say "Installing PostgreSQL"
    apt_install postgresql
  fi
  say "Starting PostgreSQL"
  local version
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && return
    sleep 1
  done
  echo "PostgreSQL did not start on 127.0.0.1:5432" >&2
  return 1
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    say "Installing Chromium (Debian package)"
    apt_install chromium
  fi
}

ensure_node_modules() {
  if ! command -v npm >/dev/null 2>&1; then
    say "Installing Node.js and npm"
    apt_install nodejs npm
  fi
  # Reinstall only when the lock file changed since the last install.
  local stamp=end2end/node_modules/.installed-lock
  if [ ! -f "$stamp" ] || ! cmp -s end2end/package-lock.json "$stamp"; then
    say "Installing the end-to-end test packages"
    (cd end2end && npm ci --no-audit --no-fund)
    cp end2end/package-lock.json "$stamp"
  fi
}

# The calendar feed's tests read it back with an independent RFC 5545 parser: Python's icalendar
# (server/tests/common/ics_events.py, also used by the Playwright test of the feed).
ensure_python_icalendar() {
  if ! python3 -c "import icalendar" 2>/dev/null; then
    say "Installing Python's icalendar (the feed's independent parser)"
    python3 -m pip install --quiet --disable-pip-version-check icalendar==6.3.1
  fi
}

# cargo-leptos runs wasm-opt in release builds and would otherwise try to download it (Debian's
# binaryen is too old): the npm package brings a current one.
ensure_wasm_opt() {
  local tools="$HOME/.cache/mci-customers/tools"
  if [ ! -x "$tools/node_modules/.bin/wasm-opt" ]; then
    say "Installing wasm-opt (npm binaryen@132)"
    npm install --prefix "$tools" --no-audit --no-fund binaryen@132 >/dev/null
  fi
  export PATH="$tools/node_modules/.bin:$PATH"
}

# The release bundle as production serves it: file names hashed, every file also compressed as
# .br and .gz. Into target/site-release, so that the development bundle in target/site stays as it
# is; the hash list goes to $CARGO_TARGET_DIR/server-release/hash.txt.
build_release_bundle() {
  ensure_wasm_opt
  say "Release bundle (hashed, precompressed)"
  LEPTOS_SITE_ROOT=target/site-release LEPTOS_HASH_FILES=true \
    cargo leptos build --release --frontend-only --precompress
}
