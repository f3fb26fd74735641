# Shared by the HTTP benchmarks of bench/ (sourced from the repository root): their
# options, the programs and CPUs they use, a work folder removed on exit with the server in it
# stopped, and two helpers.
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

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# The value of `key` in a line of key=value pairs.
field() { tr ' ' '\n' <<<"$1" | awk -F= -v k="$2" '$1 == k {print $2}'; }
