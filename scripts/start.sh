#!/usr/bin/env bash
# Installs what is missing, builds, and opens Incident Desk on its embedded default:
# a local SQLite journal in the OS data directory, offline.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_packages "${APP_PACKAGES[@]}"
ensure_rust
ensure_node
build_ui
say "building the app"
cargo build --locked -p incident-desk -p desk-cli
say "starting Incident Desk"
exec "$ROOT/target/debug/incident-desk" "$@"
