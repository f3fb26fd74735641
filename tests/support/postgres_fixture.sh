#!/usr/bin/env bash
# ctest fixture: starts a throwaway PostgreSQL 15 for the test run and stops it afterwards.
#   postgres_fixture.sh start STATE_DIR   → STATE_DIR/url holds postgresql://postgres@127.0.0.1:PORT/postgres
#   postgres_fixture.sh stop STATE_DIR
# The cluster lives in a fresh temp dir on a free loopback port, with fsync off (test data only).
# PostgreSQL refuses to run as root, so as root (CI) every server command runs as the postgres user.
set -euo pipefail
action=${1:?start|stop}
state=${2:?state dir}
bindir=${UG_PG_BINDIR:-/usr/lib/postgresql/15/bin}

as_pg=()
if [[ $(id -u) -eq 0 ]]; then as_pg=(runuser -u postgres --); fi

stop_cluster() {
  if [[ -f "$state/datadir" ]]; then
    local datadir
    datadir=$(cat "$state/datadir")
    "${as_pg[@]}" "$bindir/pg_ctl" -D "$datadir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$datadir"
    rm -f "$state/datadir" "$state/url"
  fi
}

case "$action" in
  start)
    mkdir -p "$state"
    stop_cluster  # a cluster left over by an interrupted run
    [[ -x "$bindir/initdb" ]] || { echo "PostgreSQL server binaries not found in $bindir (scripts/install-deps.sh test)" >&2; exit 1; }
    datadir=$(mktemp -d /tmp/urbangrid-pg.XXXXXX)
    echo "$datadir" > "$state/datadir"
    if [[ $(id -u) -eq 0 ]]; then chown postgres: "$datadir"; fi
    "${as_pg[@]}" "$bindir/initdb" -D "$datadir/data" -U postgres -A trust -E UTF8 --locale=C --no-sync >"$datadir/initdb.log" 2>&1 \
      || { cat "$datadir/initdb.log" >&2; exit 1; }
    for attempt in 1 2 3 4 5; do
      port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
      if "${as_pg[@]}" "$bindir/pg_ctl" -D "$datadir/data" -l "$datadir/server.log" -w -t 30 \
          -o "-c listen_addresses=127.0.0.1 -p $port -k $datadir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
          start >/dev/null; then
        echo "postgresql://postgres@127.0.0.1:$port/postgres" > "$state/url"
        echo "PostgreSQL test server on 127.0.0.1:$port ($datadir)"
        exit 0
      fi
      echo "port $port failed (attempt $attempt)" >&2
    done
    cat "$datadir/server.log" >&2 || true
    exit 1
    ;;
  stop)
    stop_cluster
    ;;
  *) echo "usage: $0 start|stop STATE_DIR" >&2; exit 2 ;;
esac
