#!/usr/bin/env bash
# Builds every release artefact of the workspace's version into target/release-artefacts/
# (issue 20 item 6), with SHA256SUMS and a CycloneDX software bill of materials:
#
#   incident-desk_VERSION_amd64.deb    the window for Debian/Ubuntu workstations (Tauri bundler)
#   desk-server_VERSION_amd64.deb      the sync server with its systemd unit
#   desk-VERSION-x86_64-linux          the headless CLI for Linux
#   desk-VERSION-x86_64-windows.exe    the headless CLI for Windows (mingw-w64)
#   desk-VERSION-setup.exe             its installer (makensis, packaging/windows/desk-cli.nsi)
#   sbom/*.cdx.json                    CycloneDX SBOM of each crate (cargo cyclonedx)
#   SHA256SUMS                         `sha256sum -c SHA256SUMS` checks them all
#
# Usage: bash scripts/release.sh   (release builds of everything: BENCHMARKS.md has the time)
# Not made here, and why (README "Install"): the AppImage and the window's NSIS installer,
# whose Tauri bundlers download tools (linuxdeploy; nsis_tauri_utils.dll) from GitHub,
# which this build machine cannot reach; `cargo tauri build` on a machine that can makes
# both from the same tauri.conf.json.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

ensure_packages "${APP_PACKAGES[@]}" "${WINDOWS_PACKAGES[@]}"
ensure_rust
ensure_node
ensure_windows_target
ensure_npm "$ROOT/packaging"
if ! command -v cargo-cyclonedx >/dev/null 2>&1; then
  say "installing cargo-cyclonedx"
  cargo install cargo-cyclonedx --locked --quiet
fi

VERSION="$(workspace_version)"
OUT="$ROOT/target/release-artefacts"
rm -rf "$OUT"
mkdir -p "$OUT/sbom"

build_ui
say "release builds for Linux: the window, desk, desk-server"
cargo build --locked --release -p incident-desk -p desk-cli -p desk-server

say "the workstation's .deb (Tauri bundler)"
packaging/node_modules/.bin/tauri bundle --bundles deb --ci
cp "target/release/bundle/deb/Incident Desk_${VERSION}_amd64.deb" "$OUT/incident-desk_${VERSION}_amd64.deb"

say "the server's .deb"
packaging/server/build-deb.sh "$VERSION" target/release/desk-server "$OUT" >/dev/null

say "desk for Linux and Windows"
cp target/release/desk "$OUT/desk-${VERSION}-x86_64-linux"
CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc \
  cargo build --locked --release -p desk-cli --target x86_64-pc-windows-gnu
cp target/x86_64-pc-windows-gnu/release/desk.exe "$OUT/desk-${VERSION}-x86_64-windows.exe"
say "the installer of desk.exe (makensis)"
makensis -V2 -DVERSION="$VERSION" -DEXE="$OUT/desk-${VERSION}-x86_64-windows.exe" \
  -DOUT="$OUT/desk-${VERSION}-setup.exe" packaging/windows/desk-cli.nsi

say "software bill of materials (CycloneDX)"
# cargo cyclonedx writes one beside every workspace member's Cargo.toml: the shipped
# binaries' are kept, the others removed, so the tree stays clean.
cargo cyclonedx --format json --spec-version 1.5 >/dev/null
for sbom in src-tauri/incident-desk.cdx.json crates/cli/desk-cli.cdx.json crates/server/desk-server.cdx.json; do
  mv "$sbom" "$OUT/sbom/"
done
find "$ROOT/crates" "$ROOT/benches" "$ROOT/src-tauri" -name '*.cdx.json' -delete

say "checksums"
(cd "$OUT" && find . -type f ! -name SHA256SUMS -printf '%P\n' | sort | xargs sha256sum > SHA256SUMS)
say "release $VERSION in ${OUT#"$ROOT"/}:"
cat "$OUT/SHA256SUMS"
