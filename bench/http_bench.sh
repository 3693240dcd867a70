#!/usr/bin/env bash
# wrk on loopback against a small JSON endpoint of wcp (GET /healthz) and, in
# the same run, nginx serving the same bytes from a static file; 8 and 64
# connections each. Prints a Markdown table (requests/s, p99) and the ratio.
#   bench/http_bench.sh [path/to/wcp]
set -euo pipefail
cd "$(dirname "$0")/.."
WCP=${1:-build/release/wcp}
DURATION=${DURATION:-10s}
scripts/install-deps.sh --bench
work=$(mktemp -d /tmp/wcp-http-bench.XXXXXX)
cleanup() { [[ -n ${wcp_pid:-} ]] && kill "$wcp_pid" 2>/dev/null; [[ -f $work/nginx.pid ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wcp_port=$(port)
WCP_VAR_DIR=$work/var WCP_LOG_LEVEL=warn "$WCP" serve --db "sqlite:$work/wcp.db" --listen "127.0.0.1:$wcp_port" >/dev/null 2>&1 &
wcp_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$wcp_port/healthz" >/dev/null && break; sleep 0.1; done

mkdir -p "$work/www"
curl -s "http://127.0.0.1:$wcp_port/healthz" > "$work/www/healthz"   # the same bytes
nginx_port=$(port)
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$nginx_port;
    location = /healthz { root $work/www; default_type application/json; }
  }
}
CONF
nginx -c "$work/nginx.conf"
sleep 0.5

run() {  # url connections -> "req/s p99_ms"
  wrk -t1 -c"$2" -d"$DURATION" --latency "$1" | awk '
    /Requests\/sec/ {rps=$2}
    /^ +99%/ {v=$2; if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; p99=v}
    END {printf "%.0f %.2f\n", rps, p99}'
}

echo "| connections | wcp req/s | wcp p99 (ms) | nginx req/s | nginx p99 (ms) | wcp/nginx |"
echo "|---|---|---|---|---|---|"
for c in 8 64; do
  read -r w_rps w_p99 < <(run "http://127.0.0.1:$wcp_port/healthz" "$c")
  read -r n_rps n_p99 < <(run "http://127.0.0.1:$nginx_port/healthz" "$c")
  ratio=$(python3 -c "print(f'{$w_rps/$n_rps:.2f}')")
  echo "| $c | $w_rps | $w_p99 | $n_rps | $n_p99 | $ratio |"
done
