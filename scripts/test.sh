#!/usr/bin/env bash
# Runs every test: formatting, clippy, the Rust tests (vectors and doctests
# included), the wasm build, a TypeScript check of the declarations, the Node
# tests of the package (the same vectors through wasm) and the demo page in
# headless Chromium; then the Python package: its wheel (maturin), installed
# into .venv, and its tests (pytest: the same vectors through Python, the
# stubs under mypy, Arrow input, partial reports, Spark on local[2], the
# wheel in a fresh virtual environment).
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
step "python: the wheel (maturin build), installed into .venv"
rm -rf target/wheels
.venv/bin/maturin build --release -q -m python/Cargo.toml -o target/wheels
wheel=$(ls target/wheels/relance-*.whl)
.venv/bin/python -m pip install -q --disable-pip-version-check --force-reinstall --no-deps "$wheel"
step "pytest (Python API, vectors through Python, stubs under mypy, Arrow, partials, Spark, fresh install)"
RELANCE_WHEEL="$wheel" .venv/bin/python -m pytest -q -p no:cacheprovider python/tests
