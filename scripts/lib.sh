# Shared by scripts/start.sh and scripts/test.sh: install only what is missing, so a
# second run is fast and a fresh Debian/Ubuntu machine gets everything it needs.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"

# What building and running the app needs (Tauri 2 on WebKitGTK 4.1, PDF fonts).
APP_PACKAGES=(build-essential pkg-config curl libssl-dev libwebkit2gtk-4.1-dev
  libayatana-appindicator3-dev librsvg2-dev fonts-dejavu-core)
# What the tests add: the WebDriver for WebKitGTK, a virtual display, PDF tools and the
# independent checkers of our signatures (openssl cms, pdfsig; pyHanko from PyPI below).
TEST_PACKAGES=(webkit2gtk-driver xvfb xauth poppler-utils openssl unzip python3-venv postgresql gnome-keyring libsecret-tools dbus-daemon)
# Cross-building for Windows workstations and running desk.exe's tests under Wine
# (scripts/wine-tests.sh, scripts/release.sh).
WINDOWS_PACKAGES=(gcc-mingw-w64-x86-64 wine wine64 nsis)

say() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

ensure_node() {
  if ! command -v node >/dev/null 2>&1; then
    ensure_packages nodejs npm
  fi
  local major minor
  IFS=. read -r major minor _ < <(node --version | tr -d v)
  if [ "$major" -lt 20 ] || { [ "$major" -eq 20 ] && [ "$minor" -lt 19 ]; }; then
    echo "Node.js 20.19 or newer is needed (found $(node --version)); install it from your distribution or nodejs.org." >&2
    exit 1
  fi
}

ensure_rust() {
  if ! command -v cargo >/dev/null 2>&1; then
    say "installing the Rust toolchain (rustup)"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal -c clippy,rustfmt
  fi
}

# npm ci only when package-lock.json changed since the last install.
ensure_npm() {
  local dir="$1"
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "installing npm packages in ${dir#"$ROOT"/}"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# The version of every artefact: the workspace's (Cargo.toml, [workspace.package]).
workspace_version() {
  sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' "$ROOT/Cargo.toml"
}

ensure_windows_target() {
  if ! rustup target list --installed | grep -qx x86_64-pc-windows-gnu; then
    say "adding the Rust target x86_64-pc-windows-gnu"
    rustup target add x86_64-pc-windows-gnu
  fi
}

ensure_tauri_driver() {
  if ! command -v tauri-driver >/dev/null 2>&1; then
    say "installing tauri-driver"
    cargo install tauri-driver --version '^2' --locked --quiet
  fi
}

# pyHanko validates our PDF signatures in the tests; it lives in a venv of its own so
# the system Python stays untouched.
ensure_pyhanko() {
  local venv="$ROOT/target/pyhanko-venv"
  if [ ! -x "$venv/bin/pyhanko" ]; then
    say "installing pyHanko (PDF signature validator) into target/pyhanko-venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check pyhanko pyhanko-cli
  fi
  export PATH="$venv/bin:$PATH"
}

# aiosmtpd: the real SMTP server the outbox tests send to (issue 18), in its own venv.
# The tests find it at target/aiosmtpd-venv (or DESK_AIOSMTPD_PYTHON).
ensure_aiosmtpd() {
  local venv="$ROOT/target/aiosmtpd-venv"
  if ! "$venv/bin/python" -c "import aiosmtpd" 2>/dev/null; then
    say "installing aiosmtpd (SMTP server for the outbox tests) into target/aiosmtpd-venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check aiosmtpd
  fi
  export DESK_AIOSMTPD_PYTHON="$venv/bin/python"
}

build_ui() {
  ensure_npm "$ROOT/ui"
  say "building the UI"
  (cd "$ROOT/ui" && npm run --silent build -- --logLevel warn)
}
