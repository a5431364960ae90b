#!/usr/bin/env bash
# Runs every fuzz target (cargo fuzz, libFuzzer, nightly) for a while each,
# from corpora seeded by the conformance vectors and the presets.
# usage: bash scripts/fuzz.sh [seconds per target, default 60] [targets...]
# Crashes land in fuzz/artifacts/<target>/; add each as a vector once fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(load condition inputs entries)
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "==> installing cargo-fuzz"
  cargo install cargo-fuzz
fi
python3 fuzz/seed.py
for t in "${targets[@]}"; do
  echo "==> fuzzing $t for ${secs}s"
  cargo +nightly fuzz run "$t" "fuzz/corpus/$t" -- -max_total_time="$secs" -dict=fuzz/json.dict \
    -max_len=16384 -timeout=10 -print_final_stats=1 2>&1 | grep -E "stat::number_of_executed_units|stat::peak_rss|ERROR|panicked|SUMMARY|Test unit written" || true
done
