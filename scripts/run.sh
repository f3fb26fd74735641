#!/usr/bin/env bash
# `make run`: serves UrbanGrid on the embedded database at var/urbangrid.db (created on first
# start, migrations applied), listening on http://127.0.0.1:8080 unless configured otherwise.
# Later issues add the demo city and demo users here.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var
db=${URBANGRID_DATABASE__URL:-var/urbangrid.db}
if [[ ! -e "$db" && "$db" != postgres* ]]; then
  echo "run: creating $db"
  build/urbangrid migrate --db "$db"
fi
exec build/urbangrid serve --db "$db" "$@"
