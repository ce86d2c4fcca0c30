#!/usr/bin/env bash
# Runs every test: formatting, lints, TypeScript check, UI unit tests, Rust unit and
# integration tests (the sync simulation and real PostgreSQL servers among them), API fuzzing,
# the CLI's tests on Windows under Wine, and the end-to-end tests of the real window under Xvfb.
# Installs whatever is missing first, so CI can run it alone on a fresh machine.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
# One full build per run: incremental caches would only double target/ (a CI machine ran
# out of disk with them) without speeding a build that starts cold.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

ensure_packages "${APP_PACKAGES[@]}" "${TEST_PACKAGES[@]}" "${WINDOWS_PACKAGES[@]}"
ensure_rust
ensure_node
ensure_tauri_driver
ensure_pyhanko
ensure_aiosmtpd

say "rustfmt"
cargo fmt --all --check

build_ui
say "TypeScript type check and UI unit tests"
(cd ui && npm run --silent typecheck && npm test --silent)

say "clippy (warnings are errors)"
cargo clippy --locked --workspace --all-targets -- -D warnings

say "Rust tests (includes the check that ui/src/lib/bindings.ts is up to date)"
cargo test --locked --workspace -- --skip thousands_of_seeded_command_lines
say "API fuzz of desk-server against docs/openapi.json (schemathesis)"
bash scripts/fuzz-api.sh
say "CLI fuzz (its seed and case count are printed: DESK_FUZZ_SEED repeats a run)"
cargo test --locked -p desk-cli --test fuzz -- --nocapture

# The longest step of issue 20 (cross-build and Wine; BENCHMARKS.md has its time).
bash scripts/wine-tests.sh

say "end-to-end tests of the real window"
cargo build --locked -p incident-desk -p desk-cli -p desk-server -p desk-bench-journal
ensure_npm "$ROOT/tests/e2e"
(cd tests/e2e && DESK_APP="$ROOT/target/debug/incident-desk" DESK_CLI="$ROOT/target/debug/desk" DESK_SERVER="$ROOT/target/debug/desk-server" \
  xvfb-run -a -s "-screen 0 1440x900x24" npm test --silent)
say "the workstation's .deb: installed, started from /usr/bin, one appeal, removed"
bash scripts/deb-test.sh
say "all tests passed"
