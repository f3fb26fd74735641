#!/usr/bin/env bash
# Runs one HTTP benchmark alternately on two binaries (new then old, N rounds), so a comparison is
# made in one session on one machine state rather than across days. With --database BUILDER, one
# queue database is built once by BUILDER (normally the older binary, whose database the newer one
# can migrate) and every run gets a fresh copy of it: both binaries then answer over the very same
# cases, which a database simulated by each binary cannot promise.
#
#   bench/alternate.sh --new build/urbangrid --old ../old/build/urbangrid --rounds 3 \
#     [--database ../old/build/urbangrid --cases 1000000] -- bench/case_queue.sh --scale 0.1
#
# Each run's report is printed under a "=== round R new|old" line; the scripts keep their own
# copies in bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
new="" old="" rounds=3 builder="" cases=1000000
while [[ $# -gt 0 ]]; do
  case $1 in
    --new) new=$2; shift 2 ;;
    --old) old=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --database) builder=$2; shift 2 ;;
    --cases) cases=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "usage: $0 --new BIN --old BIN [--rounds N] [--database BIN [--cases N]] -- SCRIPT ARGS…" >&2; exit 2 ;;
  esac
done
[[ -x $new && -x $old && $# -gt 0 ]] || { echo "$0: --new, --old and a script are needed" >&2; exit 2; }

work=$(mktemp -d "${BENCH_WORK_DIR:-/tmp}/urbangrid-alternate.XXXXXX")
trap 'rm -rf "$work"' EXIT
if [[ -n $builder ]]; then
  base="$work/base.db"
  "$builder" demo create --db "$base" --data data --without-staff >/dev/null
  "$builder" demo simulate --db "$base" --cases "$cases" --from "$(date -d '-730 days' +%F)" \
    --to "$(date -d yesterday +%F)" --seed 3 | head -1
fi
for ((round = 1; round <= rounds; ++round)); do
  for side in new old; do
    binary=$new
    [[ $side == old ]] && binary=$old
    echo "=== round $round $side"
    if [[ -n $builder ]]; then
      rm -f "$work"/run.db*
      cp "$base" "$work/run.db"
      BENCH_DB="$work/run.db" URBANGRID_BINARY="$binary" "$@"
    else
      URBANGRID_BINARY="$binary" "$@"
    fi
  done
done
