#!/usr/bin/env bash
# Builds the npm package `relance` into wasm/pkg: the wasm crate with the
# size profile, wasm-bindgen, wasm-opt (npm binaryen), then packaging.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh "$@"

printf '\033[1m==> building wasm/pkg\033[0m\n'
cargo build -q -p relance-wasm --target wasm32-unknown-unknown --profile wasm
rm -rf wasm/pkg
wasm-bindgen target/wasm32-unknown-unknown/wasm/relance_wasm.wasm --out-dir wasm/pkg --target web --out-name relance
# --converge repeats -Oz until the module stops shrinking: 0.6 KB gzipped
# for 5 s of build.
node_modules/.bin/wasm-opt -Oz --converge --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  --enable-reference-types --enable-multivalue \
  wasm/pkg/relance_bg.wasm -o wasm/pkg/relance_bg.wasm
node wasm/scripts/package.mjs wasm/pkg
