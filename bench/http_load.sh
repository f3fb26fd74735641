#!/usr/bin/env bash
# HTTP load benchmark: GET /api/v1/version on UrbanGrid against Debian's nginx serving the same
# bytes as a static file, in the same run, under the same CPU pinning (server on one core, wrk on
# the other). Runs 8 and 256 keep-alive connections; during the 256 run it times fresh curl clients.
# Prints req/s, p99 latency, fresh-client latency and the ratio to nginx.
#
#   bench/http_load.sh                     full run (BENCH_SECONDS=10 per load)
#   BENCH_SECONDS=1 bench/http_load.sh     smoke run (ctest uses this so the script never rots)
#
# Needs: wrk, nginx, taskset, curl (scripts/install-deps.sh bench). Both servers run with their
# access logs on, written to files, as in production.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${BENCH_SECONDS:-10}
binary=${URBANGRID_BINARY:-build/urbangrid}
server_cpu=${BENCH_SERVER_CPU:-0}
client_cpu=${BENCH_CLIENT_CPU:-1}
if [[ $(nproc) -lt 2 ]]; then server_cpu=0; client_cpu=0; fi

for tool in wrk nginx taskset curl python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool: run scripts/install-deps.sh bench" >&2; exit 1; }
done
[[ -x "$binary" ]] || { echo "missing $binary: run make build" >&2; exit 1; }

work=$(mktemp -d /tmp/urbangrid-bench.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_http() { for _ in $(seq 200); do curl -sf -o /dev/null "$1" && return 0; sleep 0.05; done; echo "no answer from $1" >&2; return 1; }

# --- UrbanGrid -------------------------------------------------------------------------------
# On a port the kernel picks, reported in a file: nothing else can take it between choice and bind.
taskset -c "$server_cpu" "$binary" serve --db "$work/bench.db" --port 0 --port-file "$work/port" --static-dir "" \
  2>"$work/urbangrid.log" &
pids+=($!)
for _ in $(seq 400); do [[ -s $work/port ]] && break; sleep 0.05; done
ug_port=$(cat "$work/port") || { echo "UrbanGrid did not start:" >&2; tail -5 "$work/urbangrid.log" >&2; exit 1; }
wait_http "http://127.0.0.1:$ug_port/api/v1/version"

# --- nginx serving the same bytes ------------------------------------------------------------
mkdir -p "$work/www/api/v1" "$work/nginx"
curl -s "http://127.0.0.1:$ug_port/api/v1/version" > "$work/www/api/v1/version"
ng_port=$(free_port)
user_line=""
if [[ $(id -u) -eq 0 ]]; then user_line="user root;"; fi
cat > "$work/nginx/nginx.conf" <<CONF
$user_line
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log $work/nginx/access.log;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$ng_port;
    root $work/www;
    location / { default_type "application/json; charset=utf-8"; }
  }
}
CONF
taskset -c "$server_cpu" nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" &
pids+=($!)
wait_http "http://127.0.0.1:$ng_port/api/v1/version"
# nginx cannot report a port it picked; if another program took the chosen one first, nginx has
# exited and what answered was that program, not nginx.
kill -0 "${pids[-1]}" 2>/dev/null || { echo "nginx did not start:" >&2; tail -3 "$work/nginx/error.log" >&2; exit 1; }

# Prints "req_per_s p99_ms" for one wrk run.
run_wrk() {
  local url=$1 connections=$2 out
  out=$(taskset -c "$client_cpu" wrk -t1 -c"$connections" -d"${seconds}s" --latency "$url")
  echo "$out" >> "$work/wrk.txt"
  local rps p99
  rps=$(awk '/Requests\/sec:/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  echo "$rps $(to_ms "$p99")"
}
to_ms() {  # wrk prints 812.00us, 1.23ms or 1.05s
  python3 -c "import re,sys; v=sys.argv[1]; m=re.match(r'([0-9.]+)(us|ms|s)$', v); f={'us':0.001,'ms':1,'s':1000}; print(round(float(m.group(1))*f[m.group(2)], 3) if m else 'nan')" "$1"
}
# Times fresh curl clients against a server while the 256-connection load runs; prints the max ms.
fresh_client_max_ms() {
  local url=$1 max=0 t
  sleep $(python3 -c "print(max(0.3, $seconds * 0.3))")
  for _ in 1 2 3 4 5; do
    t=$(taskset -c "$client_cpu" curl -s -o /dev/null -w '%{time_total}' "$url")
    max=$(python3 -c "print(max($max, round($t * 1000, 2)))")
    sleep 0.1
  done
  echo "$max"
}

declare -A rps p99 fresh
for target in urbangrid nginx; do
  port=$([[ $target == urbangrid ]] && echo "$ug_port" || echo "$ng_port")
  url="http://127.0.0.1:$port/api/v1/version"
  read -r rps[$target,8] p99[$target,8] < <(run_wrk "$url" 8)
  fresh_client_max_ms "$url" > "$work/fresh.$target" &
  read -r rps[$target,256] p99[$target,256] < <(run_wrk "$url" 256)
  wait $!
  fresh[$target]=$(cat "$work/fresh.$target")
done

ratio() { python3 -c "print(f'{float($1) / float($2):.2f}')"; }
report=$(cat <<REPORT
UrbanGrid HTTP load — GET /api/v1/version, keep-alive, ${seconds}s per load
machine: $(nproc) cores, $(uname -r); server on CPU $server_cpu, wrk on CPU $client_cpu; $(date -u +%FT%TZ)
binary: $("$binary" version)

| target    | conns | req/s      | p99 ms  | fresh client (max of 5) ms |
|-----------|------:|-----------:|--------:|---------------------------:|
| UrbanGrid |     8 | ${rps[urbangrid,8]} | ${p99[urbangrid,8]} | |
| nginx     |     8 | ${rps[nginx,8]} | ${p99[nginx,8]} | |
| UrbanGrid |   256 | ${rps[urbangrid,256]} | ${p99[urbangrid,256]} | ${fresh[urbangrid]} |
| nginx     |   256 | ${rps[nginx,256]} | ${p99[nginx,256]} | ${fresh[nginx]} |

ratio UrbanGrid / nginx req/s: 8 conns $(ratio "${rps[urbangrid,8]}" "${rps[nginx,8]}"), 256 conns $(ratio "${rps[urbangrid,256]}" "${rps[nginx,256]}")
REPORT
)
echo "$report"
results=${BENCH_RESULTS_DIR:-bench/results}
mkdir -p "$results"
echo "$report" > "$results/http_load-$(date -u +%Y%m%dT%H%M%SZ).txt"

# Targets of issue 2 (PRODUCT.md): ≥ 30,000 req/s, ≥ 0.5× nginx, fresh client < 50 ms under 256 connections.
if [[ ${BENCH_CHECK:-0} == 1 ]]; then
  python3 - "${rps[urbangrid,8]}" "${rps[nginx,8]}" "${fresh[urbangrid]}" <<'PY'
import sys
ug, ng, fresh = map(float, sys.argv[1:])
ok = ug >= 30000 and ug >= 0.5 * ng and fresh < 50
print("targets:", "met" if ok else "NOT met")
sys.exit(0 if ok else 1)
PY
fi
