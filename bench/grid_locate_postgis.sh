#!/usr/bin/env bash
# Point → unit grid: UrbanGrid's GridIndex against PostGIS on the same grids and points, in the
# same run. PostGIS gets a GiST index and answers all points in one set-based query with
# ST_Covers (the smallest code wins, as in UrbanGrid); the answers of both are compared point by
# point, then the throughput ratio is printed.
#
#   bench/grid_locate_postgis.sh                          100,000 grids, 1,000,000 points
#   BENCH_GRIDS=10000 BENCH_POINTS=100000 bench/grid_locate_postgis.sh   a quick run
#
# Needs postgresql-15 and postgresql-15-postgis-3 (scripts/install-deps.sh bench).
set -euo pipefail
cd "$(dirname "$0")/.."
grids=${BENCH_GRIDS:-100000}
points=${BENCH_POINTS:-1000000}
binary=${GRID_LOCATE_BINARY:-build/bench/grid_locate}
[[ -x "$binary" ]] || { echo "missing $binary: run make build" >&2; exit 1; }

work=$(mktemp -d /tmp/urbangrid-postgis.XXXXXX)
chmod 755 "$work"
state="$work/pg"
cleanup() {
  bash tests/support/postgres_fixture.sh stop "$state" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "UrbanGrid GridIndex vs PostGIS — $grids grids, $points points; $(date -u +%FT%TZ), $(nproc) cores"
taskset -c 0 "$binary" --grids "$grids" --points "$points" --grids-csv "$work/grids.tsv" \
  --points-csv "$work/points.csv" --answers-csv "$work/ours.csv" | tee "$work/ours.txt"
ours_rate=$(awk '/^lookups/ {print $2}' "$work/ours.txt")

bash tests/support/postgres_fixture.sh start "$state" >/dev/null
url=$(cat "$state/url")
as_pg=()
if [[ $(id -u) -eq 0 ]]; then as_pg=(runuser -u postgres --); fi
psql_run() { "${as_pg[@]}" psql -X -q -v ON_ERROR_STOP=1 "$url" "$@"; }

psql_run <<SQL
CREATE EXTENSION postgis;
CREATE TABLE grids (code text PRIMARY KEY, wkt text);
\copy grids FROM '$work/grids.tsv'
ALTER TABLE grids ADD COLUMN geom geometry(Polygon, 4326);
UPDATE grids SET geom = ST_GeomFromText(wkt, 4326);
CREATE INDEX grids_geom ON grids USING gist (geom);
CREATE TABLE points (id bigint PRIMARY KEY, lon float8, lat float8);
\copy points FROM '$work/points.csv' WITH (FORMAT csv)
ALTER TABLE points ADD COLUMN geom geometry(Point, 4326);
UPDATE points SET geom = ST_SetSRID(ST_MakePoint(lon, lat), 4326);
VACUUM ANALYZE grids;
VACUUM ANALYZE points;
SQL

# One set-based query; PostGIS's own clock around it (server-side, no client transfer).
seconds=$(psql_run -t -A <<'SQL'
CREATE TEMP TABLE answers AS SELECT 0::bigint AS id, ''::text AS code LIMIT 0;
DO $$
DECLARE started timestamptz := clock_timestamp();
BEGIN
  INSERT INTO answers
  SELECT p.id, (SELECT g.code FROM grids g WHERE ST_Covers(g.geom, p.geom) ORDER BY g.code LIMIT 1)
  FROM points p;
  PERFORM set_config('bench.elapsed', extract(epoch FROM clock_timestamp() - started)::text, false);
END $$;
SELECT current_setting('bench.elapsed');
\copy (SELECT id, code FROM answers ORDER BY id) TO STDOUT WITH (FORMAT csv)
SQL
)
elapsed=$(head -1 <<<"$seconds")
tail -n +2 <<<"$seconds" > "$work/postgis.csv"
sort -t, -k1,1n "$work/ours.csv" > "$work/ours.sorted"
if ! diff -q "$work/ours.sorted" "$work/postgis.csv" >/dev/null; then
  echo "ANSWERS DIFFER between UrbanGrid and PostGIS:" >&2
  diff "$work/ours.sorted" "$work/postgis.csv" | head -10 >&2
  exit 1
fi
python3 - "$points" "$elapsed" "$ours_rate" <<'PY'
import sys
points, elapsed, ours = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
postgis = points / elapsed
print(f"PostGIS: {elapsed:.2f} s for {points} points = {postgis:,.0f} lookups/s (GiST, ST_Covers, one query)")
print(f"answers identical for all {points} points")
print(f"ratio UrbanGrid / PostGIS: {ours / postgis:.1f}x")
PY
