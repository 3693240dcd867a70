#!/usr/bin/env bash
# Runs every benchmark against its baseline in one run (results: docs/benchmarks.md).
set -euo pipefail
cd "$(dirname "$0")/.."
build/release/bench/ledger_bench --benchmark_counters_tabular=true
bench/http_bench.sh build/release/wcp
bench/api_bench.sh build/release/wcp
bench/scale_bench.sh build/release/wcp
node bench/ui_load.mjs build/release/wcp
python3 bench/prices_bench.py build/release/wcp
python3 bench/prices_scale_bench.py build/release/wcp
