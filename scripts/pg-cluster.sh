#!/usr/bin/env bash
# A throw-away PostgreSQL 15 cluster on 127.0.0.1 for the `pg` tests.
#   scripts/pg-cluster.sh start DIR   → initdb in DIR, start, print the admin URL
#   scripts/pg-cluster.sh stop DIR    → stop and delete DIR
# Runs the server as the `postgres` user when invoked as root (initdb refuses root).
set -euo pipefail
cmd=$1 dir=$2
PGBIN=$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || true)
[[ -x "$PGBIN/initdb" ]] || { echo "pg-cluster: PostgreSQL 15 server binaries not found (apt install postgresql-15)" >&2; exit 2; }

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    mkdir -p "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 55432)
    as_owner "$PGBIN/initdb" -D "$dir/data" -U wcp --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    # fsync=off: the cluster is thrown away after the run; durability of
    # wcp's own writes is tested on SQLite, and PostgreSQL commits are
    # still acknowledged only after the server accepted them.
    as_owner "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off -c max_connections=200" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgresql://wcp@127.0.0.1:$port/postgres"
    ;;
  stop)
    if [[ -d "$dir/data" ]]; then as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
