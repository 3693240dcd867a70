#!/usr/bin/env bash
# The indicators list at 10× the plan's data, in one run (issue 9 §5): 170
# indicators (the plan's 17 and 153 copies) with ten years of monthly
# observations and five annual ones each, approved and ledgered (21,250 on
# top of the demo's). Prints
# wrk figures for the list and one detail as a ratio to /healthz of the same
# server, and the time of the first list after a change (the recomputation
# every approval causes) — docs/benchmarks.md.
#   bench/scale_bench.sh [path/to/wcp]      Env: DURATION (5s), CONNECTIONS (64)
set -euo pipefail
cd "$(dirname "$0")/.."
WCP=${1:-build/release/wcp}
DURATION=${DURATION:-5s}
CONNECTIONS=${CONNECTIONS:-64}
scripts/install-deps.sh --bench
work=$(mktemp -d /tmp/wcp-scale-bench.XXXXXX)
pid=""
cleanup() { [[ -n $pid ]] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
db="sqlite:$work/wcp.db"
export WCP_VAR_DIR=$work/var WCP_LOG_LEVEL=warn
"$WCP" migrate --db "$db" >/dev/null
"$WCP" demo --db "$db" --seed 1 >/dev/null

# 153 more indicators: the plan's rows nine times over, as text-sourced copies.
python3 - "$work" <<'PY'
import csv, sys
work = sys.argv[1]
rows = list(csv.DictReader(open("data/plan/indicators.csv", encoding="utf-8")))
out = csv.DictWriter(open(f"{work}/more.csv", "w", encoding="utf-8", newline=""), fieldnames=rows[0].keys())
out.writeheader()
for copy in range(1, 10):
    for r in rows:
        r2 = dict(r, code=f"{r['code']}_c{copy}", name_zh=f"{r['name_zh']}（副本{copy}）", name_en=f"{r['name_en']} (copy {copy})",
                  parent_code=f"{r['parent_code']}_c{copy}" if r["parent_code"] else "", source="text")
        out.writerow(r2)
PY
"$WCP" import indicators "$work/more.csv" --db "$db" >/dev/null

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$WCP" serve --db "$db" --listen "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
pid=$!
BASE="http://127.0.0.1:$port"
for _ in $(seq 100); do curl -sf "$BASE/healthz" >/dev/null && break; sleep 0.1; done

python3 - "$BASE" "$work" <<'PY'
import json, sys, urllib.request
base, work = sys.argv[1], sys.argv[2]
passwords = dict(l.split() for l in open(f"{work}/var/demo-passwords"))
def call(method, path, token=None, body=None, ctype="application/json"):
    data = body if isinstance(body, bytes) else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(base + path, data=data, method=method)
    if data is not None: req.add_header("Content-Type", ctype)
    if token: req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req, timeout=600) as r: return json.load(r)
def login(user): return call("POST", "/api/v1/auth/login", body={"username": user, "password": passwords[user]})["token"]
a1, a2 = login("demo-analyst"), login("demo-analyst2")
indicators = call("GET", "/api/v1/indicators", a1)["indicators"]
lines = ["indicator,period,period_type,level,yoy_growth,source,release"]
for n, ind in enumerate(indicators):
    level = float(ind["base"]["value"] or 100)
    for year in range(2016, 2026):
        for month in range(1, 13):
            lines.append(f"{ind['code']},{year}-{month:02d},month,{level / 12 * (1 + 0.004 * month):.2f},0.05,bench,月报")
        if year >= 2021:
            level *= 1.05 + 0.001 * (n % 7)
            lines.append(f"{ind['code']},{year},year,{level:.2f},0.05,bench,年报")
res = call("POST", "/api/v1/indicators/import", a1, "\n".join(lines).encode() + b"\n", "text/csv")
stored = res["stored"]
ids = [o["id"] for i in indicators for o in call("GET", f"/api/v1/indicators/{i['code']}?limit=5000", a2)["observations"] if o["state"] == "submitted"]
for k in range(0, len(ids), 5000):
    call("POST", "/api/v1/indicators/observations/approve", a2, {"ids": ids[k:k + 5000]})
listed = call("GET", "/api/v1/indicators", a1)["indicators"]
total = sum(call("GET", f"/api/v1/indicators/{i['code']}?limit=1", a1)["observations_page"]["total"] for i in listed)
print(f"data: {len(listed)} indicators, {total} observations ({stored} imported and approved here)", file=sys.stderr)
open(f"{work}/token", "w").write(a1)
PY
TOKEN=$(cat "$work/token")

run() {  # url -> "req/s p99_ms"
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Bearer $TOKEN" "$1" | awk '
    /Requests\/sec/ {rps=$2}
    /^ +99%/ {v=$2; if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; p99=v}
    END {printf "%.0f %.2f\n", rps, p99}'
}
read -r healthz healthz_p99 <<<"$(run "$BASE/healthz")"
read -r list list_p99 <<<"$(run "$BASE/api/v1/indicators")"
read -r detail detail_p99 <<<"$(run "$BASE/api/v1/indicators/retail_sales_c5")"
# The first list after a change recomputes every evaluation: five changes, the slowest first read.
cold=$(for i in 1 2 3 4 5; do
  curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"period\":\"2026-0$i\",\"period_type\":\"month\",\"level\":1}" "$BASE/api/v1/indicators/retail_sales/observations?draft=true"
  curl -sf -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/indicators"
done | sort -n | tail -1)
echo "| route at 10× data ($CONNECTIONS connections) | req/s | p99 (ms) | ×/healthz |"
echo "|---|---|---|---|"
echo "| \`/healthz\` | $healthz | $healthz_p99 | 1.00 |"
echo "| \`/api/v1/indicators\` (170 indicators) | $list | $list_p99 | $(python3 -c "print(f'{$list/$healthz:.2f}')") |"
echo "| \`/api/v1/indicators/retail_sales_c5\` (130 observations) | $detail | $detail_p99 | $(python3 -c "print(f'{$detail/$healthz:.2f}')") |"
echo "| first \`/api/v1/indicators\` after a change (slowest of 5) | — | $(python3 -c "print(f'{$cold*1000:.1f}')") | — |"
