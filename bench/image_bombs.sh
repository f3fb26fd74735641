#!/usr/bin/env bash
# Image bombs (issue 19): a staff read's latency on an idle server and during 8 concurrent
# uploaders of the issue's bomb (an all-zero 7071×7071 PNG, ~48 KB, posted without an account to
# POST /api/v1/public/attachments back to back), measured in one run, against one server. The
# staff read is GET /api/v1/cases?limit=20 with a bearer token on one keep-alive connection.
#
# Two configurations, each its own server on the same demo city:
#   shipped    the defaults: the bombs are refused from their header (pixels per byte) with 422
#   ratio_off  attachments.max_pixels_per_byte=1000000: the bombs get past the header check and
#              reach the decode pool (1 thread, a queue of 2, a memory budget); the rest get 503
#
#   bench/image_bombs.sh                     10 s idle + 10 s flood per configuration
#   BENCH_SECONDS=1 bench/image_bombs.sh     smoke run (ctest uses this so the script never rots)
#   BENCH_MODES=shipped …                    one configuration (e.g. for a binary without the caps)
#   BENCH_CHECK=1 …                          exit non-zero when a flood p99 is ≥ 100 ms or > 5× idle
#
# Server on one CPU, load on the other (taskset), as in the other HTTP benchmarks.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${BENCH_SECONDS:-10}
modes=${BENCH_MODES:-shipped ratio_off}
uploaders=${BENCH_UPLOADERS:-8}
load=${BOMB_LOAD_BINARY:-build/bench/bomb_load}
source bench/case_common.sh

"$binary" demo create --db "$work/city.db" --data data >/dev/null
"$binary" user add --db "$work/city.db" --username bench-operator --role operator --scope 370811 --no-password \
  >/dev/null
token=$("$binary" token create --db "$work/city.db" --username bench-operator --name "bench" 2>/dev/null)

declare -A results
failed=0
for mode in $modes; do
  # Each upload comes from its own address (X-Forwarded-For through the loopback as a trusted
  # proxy), as from many clients: the per-address budget (429) is not what answers them.
  settings=(--set server.trusted_proxies=127.0.0.1 --set "attachments.dir=$work/photos-$mode")
  case $mode in
    shipped) ;;
    ratio_off) settings+=(--set attachments.max_pixels_per_byte=1000000) ;;
    *) echo "unknown mode $mode (shipped, ratio_off)" >&2; exit 2 ;;
  esac
  start_server "$work/server-$mode.log" --db "$work/city.db" --static-dir "" "${settings[@]}"
  out=$(taskset -c "$client_cpu" "$load" --port "$port" --token "$token" --uploaders "$uploaders" \
    --seconds "$seconds") || { echo "$out" >&2; tail -5 "$work/server-$mode.log" >&2; exit 1; }
  peak_kib=$(awk '/^VmHWM/ {print $2}' "/proc/$server/status")
  kill "$server"
  wait "$server" 2>/dev/null || true
  server=""
  results[$mode]="$out peak_rss_mib=$((peak_kib / 1024))"
  if [[ ${BENCH_CHECK:-0} == 1 ]] && ! python3 -c "import sys; f, i = float(sys.argv[1]), float(sys.argv[2]); \
      sys.exit(0 if f < 100 and f <= 5 * i else 1)" "$(field "$out" flood_p99_ms)" "$(field "$out" idle_p99_ms)"; then
    failed=1
  fi
done

rows=$(for mode in $modes; do
  line=${results[$mode]}
  printf '| %-9s | %6s | %6s | %6s | %6s | %6s | %6s | %5s | %-22s | %8s |\n' "$mode" \
    "$(field "$line" idle_reads)" "$(field "$line" idle_p50_ms)" "$(field "$line" idle_p99_ms)" \
    "$(field "$line" flood_reads)" "$(field "$line" flood_p50_ms)" "$(field "$line" flood_p99_ms)" \
    "$(field "$line" p99_ratio)" "$(field "$line" upload_statuses)" "$(field "$line" peak_rss_mib)"
done)
report=$(cat <<REPORT
UrbanGrid image bombs — $uploaders concurrent uploaders of a $(field "${results[${modes%% *}]}" bomb_bytes)-byte all-zero 7071×7071 PNG, ${seconds}s idle + ${seconds}s flood
machine: $(nproc) cores, $(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg); server on CPU $server_cpu, load on CPU $client_cpu; $(date -u +%FT%TZ)
binary: $("$binary" version)

| config    | idle n | p50 ms | p99 ms | bomb n | p50 ms | p99 ms | ratio | uploads answered       | peak MiB |
|-----------|-------:|-------:|-------:|-------:|-------:|-------:|------:|------------------------|---------:|
$rows

(idle/bomb n: staff reads timed idle and during the flood; ratio: flood p99 / idle p99; uploads answered:
status×count, 0 = no answer within the client's 10 s; peak MiB: the server's VmHWM)
REPORT
)
echo "$report"
mkdir -p "${BENCH_RESULTS_DIR:-bench/results}"
echo "$report" > "${BENCH_RESULTS_DIR:-bench/results}/image_bombs-$(date -u +%Y%m%dT%H%M%SZ).txt"
exit $failed
