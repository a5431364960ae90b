#!/usr/bin/env bash
# Builds the npm package `relance` into wasm/pkg: its two wasm modules, each
# with its own profile (Cargo.toml): `relance` (per-lead work, size first)
# and `relance/analytics` (work over many events, speed first); then
# wasm-bindgen, wasm-opt (npm binaryen) and packaging.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh "$@"

printf '\033[1m==> building wasm/pkg\033[0m\n'
cargo build -q -p relance-wasm --target wasm32-unknown-unknown --profile wasm
cargo build -q -p relance-analytics-wasm --target wasm32-unknown-unknown --profile analytics
rm -rf wasm/pkg
wasm-bindgen target/wasm32-unknown-unknown/wasm/relance_wasm.wasm --out-dir wasm/pkg --target web --out-name relance
wasm-bindgen target/wasm32-unknown-unknown/analytics/relance_analytics_wasm.wasm --out-dir wasm/pkg --target web --out-name analytics_glue
features="--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue"
# --converge repeats -Oz until the module stops shrinking: 0.6 KB gzipped
# for 5 s of build. The analytics module is optimized for speed.
node_modules/.bin/wasm-opt -Oz --converge --strip-debug --strip-producers $features \
  wasm/pkg/relance_bg.wasm -o wasm/pkg/relance_bg.wasm
node_modules/.bin/wasm-opt -O3 --strip-debug --strip-producers $features \
  wasm/pkg/analytics_glue_bg.wasm -o wasm/pkg/analytics_glue_bg.wasm
node wasm/scripts/package.mjs wasm/pkg
