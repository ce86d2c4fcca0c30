#!/usr/bin/env bash
# The CLI's test suite on Windows semantics (issue 20 item 2): `desk.exe` and its test
# binaries are cross-built for x86_64-pc-windows-gnu with Debian's mingw-w64 and run under
# Wine (cargo's target runner), in a fresh WINEPREFIX, so paths, the data directory, line
# endings and file locking are Windows'. The tests that need Linux-only tools (pdfsig,
# pyHanko, openssl, pdftotext, PostgreSQL, aiosmtpd) are ignored on Windows by their own
# `cfg_attr(windows, ignore)`, each naming the tool; they run on Linux in scripts/test.sh.
# Wine 8 lacks bcryptprimitives.dll, which Rust's standard library needs for its random
# seeds: packaging/windows/bcryptprimitives.c is a stand-in, put next to the executables.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

ensure_packages "${WINDOWS_PACKAGES[@]}"
ensure_windows_target

TARGET=x86_64-pc-windows-gnu
OUT="$ROOT/target/$TARGET/debug"
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=/usr/lib/wine/wine64
export WINEDEBUG=-all
WINEPREFIX="$(mktemp -d "${TMPDIR:-/tmp}/desk-wine.XXXXXX")"
export WINEPREFIX
trap 'wineserver -k >/dev/null 2>&1 || true; rm -rf "$WINEPREFIX"' EXIT

say "building desk.exe and its tests for $TARGET"
cargo test --locked -p desk-cli --target "$TARGET" --no-run
mkdir -p "$OUT/deps"
x86_64-w64-mingw32-gcc -shared -O2 -s -o "$OUT/bcryptprimitives.dll" \
  packaging/windows/bcryptprimitives.c -ladvapi32
cp "$OUT/bcryptprimitives.dll" "$OUT/deps/"

say "a fresh Wine prefix"
/usr/lib/wine/wine64 wineboot --init >/dev/null 2>&1 || true
say "desk.exe's CLI tests under Wine"
# Bounded: a Wine that hangs must fail the run, not eat CI's time.
timeout 1200 cargo test --locked -p desk-cli --target "$TARGET" -- --skip thousands_of_seeded_command_lines

# The installer of the same desk.exe, in the same prefix.
bash scripts/nsis-test.sh "$OUT/desk.exe" "$OUT/bcryptprimitives.dll"
