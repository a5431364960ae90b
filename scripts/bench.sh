#!/usr/bin/env bash
# Benchmarks: criterion natively (check, apply, options), then check through
# the wasm package against XState 5 in the same Node process.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench -p relance-core --bench check
bash scripts/build.sh
node wasm/bench/check.mjs
node scripts/size.mjs
