#!/usr/bin/env bash
# Runs every test: formatting, clippy, the Rust tests (vectors and doctests
# included), the wasm build, a TypeScript check of the declarations, the Node
# tests of the package (the same vectors through wasm) and the demo page in
# headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\033[1m==> %s\033[0m\n' "$*"; }

bash scripts/setup.sh --browser
step "cargo fmt --check"
cargo fmt --all --check
step "cargo clippy -D warnings"
cargo clippy -q --workspace --all-targets -- -D warnings
step "cargo test"
cargo test -q --workspace
bash scripts/build.sh
step "tsc: the package's TypeScript declarations"
node_modules/.bin/tsc -p wasm/test/tsconfig.json
step "node --test (package API, conformance vectors through wasm, demo page in Chromium)"
node --test wasm/test/ tests/tz/ js-demo/test/
node scripts/size.mjs
