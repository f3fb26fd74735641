#!/usr/bin/env bash
# Event streams under load (issue 19): a staff read (a dispatcher's queue) and hotline intake at a
# steady rate, first with no event stream open, then with 2,000 streams held open by many
# principals (five each, the default cap, in a mix of scopes: citywide and district operators,
# street leaders, citizens), all in one run against one server. Every committed report is fanned
# out to the streams allowed to see it while the reads and the intake are timed. Prints p50/p99 of
# both phases and the ratios loaded / idle. BENCH_CITYWIDE_EVERY=4 makes every 4th principal a
# citywide operator (each of their streams then gets every report) instead of every 40th.
#
#   bench/event_streams.sh                          full run: 2,000 streams, 50 reports/s, 20 s per phase
#   BENCH_STREAMS=5000 BENCH_RATE=100 …             more streams, faster intake
#   BENCH_SECONDS=1 BENCH_SCALE=0.01 BENCH_STREAMS=40 …   smoke run (ctest uses this so it never rots)
#
# The caps are settings: the server runs with events.max_streams raised above the stream count and
# `ulimit -n` raised to fit them. Server on one CPU, load and stream clients on the other (taskset).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/case_common.sh
seconds=${BENCH_SECONDS:-20}
scale=${BENCH_SCALE:-1}
streams=${BENCH_STREAMS:-2000}
per_principal=${BENCH_STREAMS_PER_PRINCIPAL:-5}
rate=${BENCH_RATE:-50}
clients=${STREAM_CLIENTS_BINARY:-build/bench/stream_clients}
[[ -x "$clients" ]] || { echo "missing $clients: run make build" >&2; exit 1; }

descriptors=$((streams * 2 + 1024))
ulimit -n "$descriptors" 2>/dev/null ||
  { echo "cannot raise ulimit -n to $descriptors (hard limit $(ulimit -Hn))" >&2; exit 1; }

history=$(python3 -c "print(max(200, int(20000 * $scale)))")
db="$work/city.db"
"$binary" demo create --db "$db" --data data --without-staff >/dev/null
"$binary" demo simulate --db "$db" --cases "$history" --from "$(date -d '-90 days' +%F)" --to "$(date -d yesterday +%F)" \
  --seed 1 >/dev/null

account() {  # username role scope → its bearer token
  "$binary" user add --db "$db" --username "$1" --display-name "$1" --role "$2" --scope "$3" --no-password >/dev/null
  "$binary" token create --db "$db" --username "$1" --name "bench" ${4:+--channel "$4"} 2>/dev/null
}
hotline=$(account hotline-12345 integration '*' hotline_12345)
dispatcher=$(account bench-dispatcher dispatcher '*')

# The stream principals: one in $citywide_every a citywide operator (a dispatch centre's seats),
# the rest a third each district operators, street leaders (who see their district's or street's
# cases) and citizens (who see only their own reports).
citywide_every=${BENCH_CITYWIDE_EVERY:-40}
readarray -t districts < <(python3 -c "import sqlite3,sys; [print(r[0]) for r in sqlite3.connect(sys.argv[1]).execute(\"SELECT code FROM divisions WHERE level='district' ORDER BY code\")]" "$db")
readarray -t streets < <(python3 -c "import sqlite3,sys; [print(r[0]) for r in sqlite3.connect(sys.argv[1]).execute(\"SELECT code FROM divisions WHERE level='street' ORDER BY code\")]" "$db")
principals=$(((streams + per_principal - 1) / per_principal))
mkdir -p "$work/principals"
for ((i = 0; i < principals; i++)); do
  if ((i % citywide_every == 0)); then echo "stream-$i operator *"; continue; fi
  case $((i % 3)) in
    0) echo "stream-$i operator ${districts[i % ${#districts[@]}]}" ;;
    1) echo "stream-$i leader ${streets[i % ${#streets[@]}]}" ;;
    2) echo "stream-$i citizen *" ;;
  esac
done > "$work/principals.txt"
export -f account
export binary db work
xargs -P 2 -L 1 bash -c 'account "$0" "$1" "$2" > "$work/principals/$0"' < "$work/principals.txt"
cat "$work/principals"/* > "$work/tokens"
[[ $(wc -l < "$work/tokens") -eq $principals ]] || { echo "made $(wc -l < "$work/tokens") of $principals tokens" >&2; exit 1; }

start_server "$work/server.log" --db "$db" --static-dir "" \
  --set "events.max_streams=$((streams + 100))" --set "events.streams_per_principal=$per_principal"

printf 'staff_read\t%s\t/api/v1/cases?queue=mine\n' "$dispatcher" > "$work/targets"
# One phase: intake at $rate/s from 4 connections and the staff read from 2, side by side.
run_phase() {  # phase-name seconds → "intake line|reads line"
  local intake reads
  taskset -c "$client_cpu" "$load" intake --port "$port" --token "$hotline" --places "$db" \
    --messages bench/data/cn-messages.tsv --run "bench-$1" --seconds "$2" --connections 4 --rate "$rate" \
    > "$work/intake.$1" 2>&1 &
  local intake_pid=$!
  reads=$(taskset -c "$client_cpu" "$load" queries --port "$port" --targets "$work/targets" --connections 2 \
    --seconds "$2") || { echo "$reads" >&2; tail -5 "$work/server.log" >&2; exit 1; }
  wait "$intake_pid" || { cat "$work/intake.$1" >&2; tail -5 "$work/server.log" >&2; exit 1; }
  intake=$(head -1 "$work/intake.$1")
  echo "$intake|$(grep '^target=staff_read' <<<"$reads")"
}
run_phase warm "$(python3 -c "print(max(1, $seconds / 4))")" >/dev/null
IFS='|' read -r intake_idle reads_idle < <(run_phase idle "$seconds")

taskset -c "$client_cpu" "$clients" --port "$port" --tokens "$work/tokens" --streams "$streams" \
  --ready "$work/streams.ready" > "$work/streams.out" 2>&1 &
holder=$!
for _ in $(seq 1200); do [[ -f $work/streams.ready ]] && break; sleep 0.1; done
[[ -f $work/streams.ready ]] || { echo "streams not open after 120 s" >&2; kill "$holder"; exit 1; }
opened=$(field "$(cat "$work/streams.ready")" opened)
[[ $opened -eq $streams ]] ||
  { echo "only $opened of $streams streams opened: $(cat "$work/streams.ready")" >&2; kill "$holder"; exit 1; }
IFS='|' read -r intake_streams reads_streams < <(run_phase streams "$seconds")
kill -TERM "$holder"
wait "$holder" || true
held=$(cat "$work/streams.out")
kill -TERM "$server"
wait "$server" || true
server=""

ratio() { python3 -c "print(f'{float($1) / float($2):.2f}')"; }
report=$(cat <<REPORT
UrbanGrid event streams — staff read (dispatcher's queue) and intake at ${rate}/s, ${seconds}s per phase, SQLite
machine: $(nproc) cores, $(uname -r); server on CPU $server_cpu, load and stream clients on CPU $client_cpu; $(date -u +%FT%TZ)
load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)
binary: $("$binary" version)
history: $history simulated cases; streams: $streams from $principals principals ($per_principal each; every ${citywide_every}th citywide)

| phase                | read p50 ms | read p99 ms | reads | intake p50 ms | intake p99 ms | intake errors |
|----------------------|------------:|------------:|------:|--------------:|--------------:|---------------|
| no stream open       | $(field "$reads_idle" p50_ms) | $(field "$reads_idle" p99_ms) | $(field "$reads_idle" requests) | $(field "$intake_idle" p50_ms) | $(field "$intake_idle" p99_ms) | $(field "$intake_idle" errors) |
| $streams streams open | $(field "$reads_streams" p50_ms) | $(field "$reads_streams" p99_ms) | $(field "$reads_streams" requests) | $(field "$intake_streams" p50_ms) | $(field "$intake_streams" p99_ms) | $(field "$intake_streams" errors) |

streams held: $held
ratio with streams / without: read p50 $(ratio "$(field "$reads_streams" p50_ms)" "$(field "$reads_idle" p50_ms)"), read p99 $(ratio "$(field "$reads_streams" p99_ms)" "$(field "$reads_idle" p99_ms)"), intake p50 $(ratio "$(field "$intake_streams" p50_ms)" "$(field "$intake_idle" p50_ms)")
REPORT
)
echo "$report"
results=${BENCH_RESULTS_DIR:-bench/results}
mkdir -p "$results"
echo "$report" > "$results/event_streams-$(date -u +%Y%m%dT%H%M%SZ).txt"

# Targets of issue 19: read p99 < 100 ms and ≤ 5× idle; intake p50 ≤ 2× idle.
if [[ ${BENCH_CHECK:-0} == 1 ]]; then
  python3 - "$(field "$reads_idle" p99_ms)" "$(field "$reads_streams" p99_ms)" "$(field "$intake_idle" p50_ms)" \
    "$(field "$intake_streams" p50_ms)" <<'PY'
import sys
read_idle, read_streams, intake_idle, intake_streams = map(float, sys.argv[1:])
ok = read_streams < 100 and read_streams <= 5 * read_idle and intake_streams <= 2 * intake_idle
print("targets:", "met" if ok else "NOT met")
sys.exit(0 if ok else 1)
PY
fi
