#!/usr/bin/env bash
# `make run`: serves UrbanGrid on the embedded database at var/urbangrid.db (created on first
# start, migrations applied), listening on http://127.0.0.1:8080 unless configured otherwise.
# A new database gets the demo city: 济宁市's divisions, 任城区's urban core as ~11,000 unit grids,
# departments, street offices, a responsibility matrix, one demo account per role (password
# urbangrid-demo, printed) and 3,000 simulated cases of the last 90 days. While the database has no
# user (a database made otherwise), a first administrator "admin" is created and its one-time password printed here (only once).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var
db=${URBANGRID_DATABASE__URL:-var/urbangrid.db}
if [[ ! -e "$db" && "$db" != postgres* ]]; then
  echo "run: creating $db with the demo city (济宁市任城区)"
  build/urbangrid demo create --db "$db" --data data
  # Three months of history up to yesterday, so queues, ledgers and evaluation have something to show.
  build/urbangrid demo simulate --db "$db" --cases 3000 --seed 1 \
    --from "$(date -d '90 days ago' +%F)" --to "$(date -d 'yesterday' +%F)"
fi
build/urbangrid user bootstrap --db "$db"
exec build/urbangrid serve --db "$db" "$@"
