#!/usr/bin/env bash
# Queue queries over a large history (issue 6): the demo city with 10,000,000 simulated cases
# (their full event histories) on SQLite; the queues people open all day — each role's "my queue",
# a street's open cases, red lights by deadline, overdue handling, a category this month, the
# counts beside the queue, the second page — are asked from 4 connections for a while, and the
# server's resident memory is read from /proc. The baseline of the same run is GET /api/v1/version
# asked in the same rotation: what HTTP alone costs on this machine at that moment.
#
#   bench/case_queue.sh                     10,000,000 cases (~30 GB of disk, ~15 minutes to build)
#   bench/case_queue.sh --scale 0.1         1,000,000 cases (the disk at hand; or BENCH_SCALE=0.1)
#   BENCH_DB=/path/city.db …                reuse a database an earlier run kept (BENCH_KEEP=1)
#   BENCH_SECONDS=1 BENCH_SCALE=0.001 …     smoke run (ctest uses this so the script never rots)
#
# Server on one CPU, load on the other (taskset), as in the other HTTP benchmarks.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/case_common.sh
seconds=${BENCH_SECONDS:-20}
scale=${BENCH_SCALE:-1}

cases=$(python3 -c "print(max(1000, int(10000000 * $scale)))")
db=${BENCH_DB:-}
if [[ -z $db ]]; then
  db="$work/city.db"
  [[ ${BENCH_KEEP:-0} == 1 ]] && db="bench/results/queue-$cases.db" && mkdir -p bench/results && rm -f "$db"*
  "$binary" demo create --db "$db" --data data --without-staff >/dev/null
  # Two years of history ending yesterday: ~13,700 cases a day at full scale, a megacity's volume.
  simulated=$("$binary" demo simulate --db "$db" --cases "$cases" --from "$(date -d '-730 days' +%F)" \
    --to "$(date -d yesterday +%F)" --seed 3)
  echo "$simulated" | head -2
fi

# One account per queue owner; a token each.
account() {  # username role scope [department]
  "$binary" user add --db "$db" --username "$1" --role "$2" --scope "$3" ${4:+--department "$4"} --no-password \
    >/dev/null 2>&1 || true
  "$binary" token create --db "$db" --username "$1" --name "bench $(date +%s%N)" 2>/dev/null
}
dispatcher=$(account bench-dispatcher dispatcher '*')
seat=$(account bench-operator operator '*')
crew=$(account bench-handler handler 370811 HW)
street=$(account bench-street-leader leader 370811002)
bureau=$(account bench-leader leader '*')

start_server "$work/server.log" --db "$db" --static-dir ""

month=$(date -d "$(date +%Y-%m-01) -1 month" +%Y-%m-01T00:00:00%:z | sed 's/+/%2B/')
second_page=$(curl -s -H "authorization: Bearer $dispatcher" "http://127.0.0.1:$port/api/v1/cases?state=closed&limit=50" |
  python3 -c 'import json,sys; print(json.load(sys.stdin).get("next_cursor") or "")')
# What a caller reads out on the phone (issue 19): a tracking code, a number's last four digits, a
# whole number — indexed lookups. baseline_words_like is a search by words, a LIKE '%…%' scan of every
# case in scope, measured beside them and left out of all_queues.
tracking=$(sqlite3 "$db" "SELECT tracking_code FROM cases WHERE tracking_code IS NOT NULL ORDER BY id DESC LIMIT 1")
phone=$(sqlite3 "$db" "SELECT phone_digits FROM case_reporters ORDER BY case_id DESC LIMIT 1")
cat > "$work/targets" <<TARGETS
version		/api/v1/version
dispatcher_mine	$dispatcher	/api/v1/cases?queue=mine
operator_mine	$seat	/api/v1/cases?queue=mine
handler_mine_by_due	$crew	/api/v1/cases?queue=mine&sort=due
street_open	$street	/api/v1/cases?open=true
red_by_due	$bureau	/api/v1/cases?light=red&sort=due
overdue_handling	$bureau	/api/v1/cases?stage=handling&overdue=true
category_last_month	$bureau	/api/v1/cases?category=06010&created_from=$month
counts_mine	$dispatcher	/api/v1/cases/counts?queue=mine
closed_page_2	$dispatcher	/api/v1/cases?state=closed&limit=50&cursor=$second_page
search_tracking_code	$seat	/api/v1/cases?q=$tracking
search_phone_last4	$seat	/api/v1/cases?q=${phone: -4}
search_phone	$seat	/api/v1/cases?q=$phone
baseline_words_like	$seat	/api/v1/cases?q=%E4%BA%95%E7%9B%96
TARGETS

out=$(taskset -c "$client_cpu" "$load" queries --port "$port" --targets "$work/targets" --connections 4 \
  --seconds "$seconds") || { echo "$out" >&2; tail -5 "$work/server.log" >&2; exit 1; }
rss_kib=$(awk '/^VmRSS/ {print $2}' "/proc/$server/status")
peak_kib=$(awk '/^VmHWM/ {print $2}' "/proc/$server/status")
stored=$(curl -s -H "authorization: Bearer $bureau" "http://127.0.0.1:$port/api/v1/cases/counts" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])' 2>/dev/null || echo "?")

rows=$(while read -r line; do
  printf '| %-22s | %8s | %7s | %7s | %7s |\n' "$(field "$line" target)" "$(field "$line" requests)" \
    "$(field "$line" p50_ms)" "$(field "$line" p99_ms)" "$(field "$line" max_ms)"
done <<<"$out")
report=$(cat <<REPORT
UrbanGrid queue queries — $cases simulated cases on SQLite, 4 connections, ${seconds}s
machine: $(nproc) cores, $(uname -r); server on CPU $server_cpu, load on CPU $client_cpu; $(date -u +%FT%TZ)
binary: $("$binary" version)
database: $(du -sh "$db" | cut -f1); open cases counted by the server: $stored

| query                  | requests | p50 ms  | p99 ms  | max ms  |
|------------------------|---------:|--------:|--------:|--------:|
$rows

server memory: $((rss_kib / 1024)) MiB resident after the run, $((peak_kib / 1024)) MiB at its peak
REPORT
)
echo "$report"
results=${BENCH_RESULTS_DIR:-bench/results}
mkdir -p "$results"
echo "$report" > "$results/case_queue-$(date -u +%Y%m%dT%H%M%SZ).txt"

# Targets of issue 6: queue p99 < 20 ms, RSS < 1.5 GB.
if [[ ${BENCH_CHECK:-0} == 1 ]]; then
  python3 - "$(field "$(grep 'target=all_queues' <<<"$out")" p99_ms)" "$peak_kib" <<'PY'
import sys
p99, peak = float(sys.argv[1]), int(sys.argv[2])
ok = p99 < 20 and peak < 1.5 * 1024 * 1024
print("targets:", "met" if ok else "NOT met")
sys.exit(0 if ok else 1)
PY
fi
