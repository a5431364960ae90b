#!/usr/bin/env bash
# Installs what building and testing relance needs, skipping what is already
# there: the wasm target, the wasm-bindgen CLI at the exact version of the
# crate in Cargo.lock, the npm dev dependencies, the Python tools at the exact
# versions of python/requirements-dev.txt (in .venv, from PyPI), Java for the
# Spark tests (Debian's, when missing) and (with --browser) Debian's Chromium.
# Safe to run again; a second run takes a second.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The CLI must match the wasm-bindgen crate exactly.
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  say "installing wasm-bindgen-cli $want (found: ${have:-none}; about 3 minutes)"
  cargo install wasm-bindgen-cli --version "$want"
fi

# The lock against what node_modules holds, optional packages aside (the
# platform binaries of other systems are never installed).
installed() { node -e 'const l=require(process.argv[1]);console.log(JSON.stringify(Object.keys(l.packages).filter(k=>k&&!l.packages[k].optional).map(k=>k+"@"+l.packages[k].version)))' "$1"; }
if [ ! -f node_modules/.package-lock.json ] || ! cmp -s <(installed ./package-lock.json) <(installed ./node_modules/.package-lock.json); then
  say "installing npm dev dependencies"
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ "${1:-}" = "--browser" ] && [ ! -x /usr/bin/chromium ]; then
  say "installing Debian's chromium (for the browser test)"
  sudo_=""; [ "$(id -u)" = 0 ] || sudo_="sudo"
  $sudo_ apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq chromium >/dev/null
fi

# The Python tools (maturin, pytest, mypy, pyarrow, pyspark...) in .venv at the
# exact versions of python/requirements-dev.txt: installed when that file
# differs from the copy the last install left in .venv.
if ! .venv/bin/python -c '' 2>/dev/null; then
  say "creating the Python virtual environment .venv"
  rm -rf .venv
  python3 -m venv .venv
fi
if ! cmp -s python/requirements-dev.txt .venv/requirements-dev.txt; then
  say "installing the Python tools of python/requirements-dev.txt (about 550 MB to download, PySpark 456 MB of it)"
  .venv/bin/python -m pip install -q --disable-pip-version-check -r python/requirements-dev.txt
  cp python/requirements-dev.txt .venv/requirements-dev.txt
fi

# Spark (the Python package's Spark tests) runs on Java 17 or later.
if ! command -v java >/dev/null 2>&1; then
  say "installing Debian's Java 17 (for the Spark tests)"
  sudo_=""; [ "$(id -u)" = 0 ] || sudo_="sudo"
  $sudo_ apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi
