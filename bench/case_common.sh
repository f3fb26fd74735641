# Shared by the HTTP benchmarks of bench/ (sourced from the repository root): their
# options, the programs and CPUs they use, a work folder removed on exit with the server in it
# stopped, and helpers to start the server and read a result line.
while [[ $# -gt 0 ]]; do
  case $1 in
    --scale) BENCH_SCALE=$2; shift 2 ;;
    --seconds) BENCH_SECONDS=$2; shift 2 ;;
    *) echo "usage: $0 [--scale S] [--seconds N]" >&2; exit 2 ;;
  esac
done
binary=${URBANGRID_BINARY:-build/urbangrid}
load=${load:-${CASE_LOAD_BINARY:-build/bench/case_load}}  # a script may name its own load program first
server_cpu=${BENCH_SERVER_CPU:-0}
client_cpu=${BENCH_CLIENT_CPU:-1}
if [[ $(nproc) -lt 2 ]]; then server_cpu=0; client_cpu=0; fi

for tool in taskset curl python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool: run scripts/install-deps.sh bench" >&2; exit 1; }
done
for program in "$binary" "$load"; do
  [[ -x "$program" ]] || { echo "missing $program: run make build" >&2; exit 1; }
done

work=$(mktemp -d /tmp/urbangrid-bench.XXXXXX)
server=""
cleanup() {
  [[ -n $server ]] && kill "$server" 2>/dev/null
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Starts the server pinned to the server CPU on a port the kernel picks (so no other program can
# take it between choosing and binding), with its log in $1 and `serve` arguments after it; sets
# $server and $port once it answers, or stops the script with the log's end.
start_server() {
  local log=$1 tries
  shift
  rm -f "$work/port"
  taskset -c "$server_cpu" "$binary" serve --port 0 --port-file "$work/port" "$@" 2>"$log" &
  server=$!
  for tries in $(seq 1200); do
    [[ -s $work/port ]] && break
    kill -0 "$server" 2>/dev/null || break
    sleep 0.05
  done
  port=$(cat "$work/port" 2>/dev/null) && curl -sf -o /dev/null "http://127.0.0.1:$port/api/v1/version" ||
    { echo "the server did not start (after $tries tries); its log:" >&2; tail -5 "$log" >&2; exit 1; }
}
# The value of `key` in a line of key=value pairs.
field() { tr ' ' '\n' <<<"$1" | awk -F= -v k="$2" '$1 == k {print $2}'; }
