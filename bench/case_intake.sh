#!/usr/bin/env bash
# Case intake benchmark (issue 6): hotline reports posted to POST /api/v1/cases on SQLite, each one
# located, routed, checked for duplicates, timed, written with its event and reporter and committed
# before the answer. Measures cases/s at saturation and latency at a steady 500 reports/s, then
# inserts the very rows the server wrote straight into SQLite (same schema, same pragmas, one
# transaction per case) as the baseline of the same run, and prints the ratio.
#
#   bench/case_intake.sh                     full run: 100,000 cases of history, 10 s per load
#   bench/case_intake.sh --scale 0.1        a smaller history (or BENCH_SCALE=0.1)
#   BENCH_SYNCHRONOUS=full …                 commits that survive power loss, for both sides
#   BENCH_SECONDS=1 BENCH_SCALE=0.002 …      smoke run (ctest uses this so the script never rots)
#
# Server on one CPU, load generator on the other (taskset), as in bench/http_load.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/case_common.sh
seconds=${BENCH_SECONDS:-10}
scale=${BENCH_SCALE:-1}
synchronous=${BENCH_SYNCHRONOUS:-normal}
rate=${BENCH_RATE:-500}

# A city with a history, so duplicate checks and queues work on realistic volumes.
history=$(python3 -c "print(max(200, int(100000 * $scale)))")
db="$work/city.db"
"$binary" demo create --db "$db" --data data --without-staff >/dev/null
"$binary" demo simulate --db "$db" --cases "$history" --from "$(date -d '-90 days' +%F)" --to "$(date -d yesterday +%F)" \
  --seed 1 >/dev/null
"$binary" user add --db "$db" --username hotline-12345 --display-name "12345 热线平台" --role integration \
  --scope '*' --no-password >/dev/null
token=$("$binary" token create --db "$db" --username hotline-12345 --name "12345 平台" --channel hotline_12345 2>/dev/null)

start_server "$work/server.log" --db "$db" --static-dir "" --set "database.sqlite_synchronous=$synchronous"

run_load() {  # phase connections [rate] → the result line; ticket numbers are bench-<phase>-<n>
  local out
  out=$(taskset -c "$client_cpu" "$load" intake --port "$port" --token "$token" --places "$db" \
    --messages bench/data/cn-messages.tsv --run "bench-$1" --seconds "$seconds" --connections "$2" \
    ${3:+--rate "$3"}) || { echo "$out" >&2; echo "load failed; server log:" >&2; tail -5 "$work/server.log" >&2; exit 1; }
  echo "$out"
}
run_load warm 8 >/dev/null  # warm the caches
saturated=$(run_load saturated 32)
steady=$(run_load steady 32 "$rate")
kill -TERM "$server"
wait "$server" || true
server=""

baseline=$(taskset -c "$server_cpu" "$load" baseline --from "$db" --to "$work/baseline.db" \
  --where "c.external_ref LIKE 'bench-%'" --synchronous "$synchronous")

ratio() { python3 -c "print(f'{float($1) / float($2):.2f}')"; }
report=$(cat <<REPORT
UrbanGrid case intake — POST /api/v1/cases, hotline reports, SQLite synchronous=$synchronous, ${seconds}s per load
machine: $(nproc) cores, $(uname -r); server on CPU $server_cpu, load on CPU $client_cpu; $(date -u +%FT%TZ)
binary: $("$binary" version)
history before the run: $history simulated cases

| load                         | cases/s | p50 ms | p99 ms | max ms | errors |
|------------------------------|--------:|-------:|-------:|-------:|--------|
| saturation, 32 connections   | $(field "$saturated" cases_per_s) | $(field "$saturated" p50_ms) | $(field "$saturated" p99_ms) | $(field "$saturated" max_ms) | $(field "$saturated" errors) |
| steady $rate/s, 32 connections | $(field "$steady" cases_per_s) | $(field "$steady" p50_ms) | $(field "$steady" p99_ms) | $(field "$steady" max_ms) | $(field "$steady" errors) |
| baseline: same rows, direct SQLite | $(field "$baseline" cases_per_s) | | | | |

ratio HTTP intake at saturation / direct inserts: $(ratio "$(field "$saturated" cases_per_s)" "$(field "$baseline" cases_per_s)")
REPORT
)
echo "$report"
results=${BENCH_RESULTS_DIR:-bench/results}
mkdir -p "$results"
echo "$report" > "$results/case_intake-$(date -u +%Y%m%dT%H%M%SZ).txt"

# Targets of issue 6: ≥ 2,000 cases/s at saturation, p99 < 20 ms at 500 cases/s.
if [[ ${BENCH_CHECK:-0} == 1 ]]; then
  python3 - "$(field "$saturated" cases_per_s)" "$(field "$steady" p99_ms)" <<'PY'
import sys
rate, p99 = map(float, sys.argv[1:])
ok = rate >= 2000 and p99 < 20
print("targets:", "met" if ok else "NOT met")
sys.exit(0 if ok else 1)
PY
fi
