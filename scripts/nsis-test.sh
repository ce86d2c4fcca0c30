#!/usr/bin/env bash
# The Windows installer of desk.exe (issue 20 item 2), as IT staff would use it: built with
# Debian's makensis from packaging/windows/desk-cli.nsi, installed silently under Wine
# into Program Files, the installed desk.exe run (it creates a journal in %APPDATA%), then
# uninstalled: the program and its "Apps & features" entry are gone, the journal stays.
# Usage: bash scripts/nsis-test.sh DESK_EXE SHIM_DLL   (WINEPREFIX set, wineboot done:
# scripts/wine-tests.sh calls it in its prefix).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
EXE="$(realpath "$1")"
SHIM="$(realpath "$2")"
WINE=/usr/lib/wine/wine64
KEY='HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\IncidentDeskCli'
: "${WINEPREFIX:?scripts/wine-tests.sh sets it}"

fail() { say "installer test failed: $*"; exit 1; }

VERSION="$(workspace_version)"
SETUP="$(mktemp -d "${TMPDIR:-/tmp}/desk-nsis.XXXXXX")/desk-${VERSION}-setup.exe"
say "the installer of desk.exe (makensis)"
makensis -V2 -DCOMPRESSOR=zlib -DVERSION="$VERSION" -DEXE="$EXE" -DOUT="$SETUP" packaging/windows/desk-cli.nsi

say "installed silently under Wine, run, uninstalled"
timeout 300 "$WINE" "$SETUP" /S || fail "the silent install exited $?"
DIR="$WINEPREFIX/drive_c/Program Files/Incident Desk"
[ -f "$DIR/desk.exe" ] || fail "no desk.exe in Program Files"
# Read whole before matching: `grep -q` leaving early must not fail the pipe (pipefail).
entry="$("$WINE" reg query "$KEY" 2>/dev/null || true)"
grep -q "DisplayVersion.*$VERSION" <<<"$entry" || fail "no Apps & features entry with version $VERSION"
# Wine 8 only: the stand-in for the DLL Windows has (scripts/wine-tests.sh).
cp "$SHIM" "$DIR/"
version="$(timeout 120 "$WINE" 'C:\Program Files\Incident Desk\desk.exe' --version || true)"
grep -q "desk $VERSION" <<<"$version" || fail "the installed desk.exe does not run"
timeout 120 "$WINE" 'C:\Program Files\Incident Desk\desk.exe' setup --workstation AST1 >/dev/null \
  || fail "the installed desk.exe cannot create its journal"
JOURNAL="$(find "$WINEPREFIX/drive_c/users" -path '*Incident Desk*' -name journal.sqlite3 | head -1)"
[ -n "$JOURNAL" ] || fail "no journal in the user's data directory"
rm "$DIR/$(basename "$SHIM")"

timeout 300 "$WINE" 'C:\Program Files\Incident Desk\uninstall-desk.exe' /S || fail "the uninstaller exited $?"
# The uninstaller runs from a copy of itself and returns at once: wait for it.
for _ in $(seq 1 60); do [ -e "$DIR" ] || break; sleep 1; done
[ ! -e "$DIR" ] || fail "Program Files\\Incident Desk is still there"
if "$WINE" reg query "$KEY" >/dev/null 2>&1; then fail "the Apps & features entry is still there"; fi
[ -f "$JOURNAL" ] || fail "uninstalling removed the journal"
rm -rf "$(dirname "$SETUP")"
say "the installer installs, runs and uninstalls desk.exe, and keeps the journal"
