#!/usr/bin/env bash
# Benchmarks (figures for the closing notes, never asserted in tests):
# criterion natively (check, apply, options; then due, queue, classify and
# KPIs over bulk input), then through the wasm package in Node: check
# against XState 5, due and queue over 100,000 leads (array and JSON text),
# KPIs against a plain-JavaScript report, impact against KPIs, and the cost
# on wide input as a ratio to a JSON round trip. The Spark path has its own
# (python/bench/spark_kpis.py, after `npm test` has built .venv).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench -p relance-core --bench check
cargo bench -p relance-core --bench bulk
bash scripts/build.sh
node wasm/bench/check.mjs
node wasm/bench/bulk.mjs
node wasm/bench/kpis.mjs 1000000 5
node wasm/bench/impact.mjs 1000000 3
node wasm/bench/wide.mjs
node scripts/size.mjs
