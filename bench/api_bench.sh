#!/usr/bin/env bash
# API reads and one write under wrk, in one run, each as a ratio to /healthz
# of the same server; with --db postgresql://… the same routes on a server
# over PostgreSQL too, as a ratio to the SQLite figure (docs/benchmarks.md).
#   bench/api_bench.sh [path/to/wcp] [--db postgresql://user@host:port/db]
# Env: DURATION (default 5s), CONNECTIONS (default 64).
set -euo pipefail
cd "$(dirname "$0")/.."
WCP=build/release/wcp
PG_URL=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --db) PG_URL=$2; shift 2 ;;
    *) WCP=$1; shift ;;
  esac
done
DURATION=${DURATION:-5s}
CONNECTIONS=${CONNECTIONS:-64}
scripts/install-deps.sh --bench
work=$(mktemp -d /tmp/wcp-api-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_server NAME DB_URL -> sets BASE and TOKEN
start_server() {
  local name=$1 db=$2 p
  p=$(port)
  export WCP_VAR_DIR=$work/$name WCP_LOG_LEVEL=warn
  "$WCP" migrate --db "$db" >/dev/null
  "$WCP" demo --db "$db" --seed 1 >/dev/null
  "$WCP" serve --db "$db" --listen "127.0.0.1:$p" >"$work/$name.log" 2>&1 &
  pids+=($!)
  BASE="http://127.0.0.1:$p"
  for _ in $(seq 100); do curl -sf "$BASE/healthz" >/dev/null && break; sleep 0.1; done
  local password
  password=$(awk '$1 == "demo-analyst" {print $2}' "$work/$name/demo-passwords")
  TOKEN=$(curl -sf -H 'Content-Type: application/json' -d "{\"username\":\"demo-analyst\",\"password\":\"$password\"}" \
    "$BASE/api/v1/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
}

# A draft observation per request: a durable, audited write.
cat > "$work/write.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"period":"2026","period_type":"year","level":1700}'
wrk.headers["Content-Type"] = "application/json"
LUA

run() {  # url [lua] -> "req/s p99_ms"
  local script=()
  [[ -n ${2:-} ]] && script=(-s "$2")
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Bearer $TOKEN" "${script[@]}" "$1" | awk '
    /Requests\/sec/ {rps=$2}
    /^ +99%/ {v=$2; if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; p99=v}
    END {printf "%.0f %.2f\n", rps, p99}'
}

ROUTES=(/healthz /api/v1/auth/me /api/v1/indicators /api/v1/indicators/retail_sales /ledger/checkpoint
        "/api/v1/indicators/retail_sales/observations?draft=true")
measure() {  # NAME -> fills RESULTS_<NAME>[i]
  local name=$1 i=0 lua
  for r in "${ROUTES[@]}"; do
    lua=""
    [[ $r == *observations* ]] && lua=$work/write.lua
    eval "RESULTS_$name[$i]=\"$(run "$BASE$r" "$lua")\""
    i=$((i + 1))
  done
}

start_server sqlite "sqlite:$work/wcp.db"
declare -a RESULTS_sqlite RESULTS_pg
measure sqlite
if [[ -n $PG_URL ]]; then
  dbname=wcp_api_bench_$$
  psql "$PG_URL" -qc "CREATE DATABASE $dbname" >/dev/null
  start_server pg "${PG_URL%/*}/$dbname"
  measure pg
fi

read -r healthz _ <<<"${RESULTS_sqlite[0]}"
if [[ -z $PG_URL ]]; then
  echo "| route ($CONNECTIONS connections) | SQLite req/s | p99 (ms) | ×/healthz |"
  echo "|---|---|---|---|"
else
  echo "| route ($CONNECTIONS connections) | SQLite req/s | p99 (ms) | ×/healthz | PostgreSQL req/s | p99 (ms) | PG/SQLite |"
  echo "|---|---|---|---|---|---|---|"
fi
for i in "${!ROUTES[@]}"; do
  read -r rps p99 <<<"${RESULTS_sqlite[$i]}"
  line="| \`${ROUTES[$i]}\` | $rps | $p99 | $(python3 -c "print(f'{$rps/$healthz:.2f}')") |"
  if [[ -n $PG_URL ]]; then
    read -r prps pp99 <<<"${RESULTS_pg[$i]}"
    line+=" $prps | $pp99 | $(python3 -c "print(f'{$prps/$rps:.2f}')") |"
  fi
  echo "$line"
done
