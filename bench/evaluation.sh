#!/usr/bin/env bash
# Evaluation speed (issue 7, deliverable 7): the last full quarter of a simulated two-year history
# evaluated by `urbangrid evaluate` — the departments, and every kind into one workbook — on
# SQLite and on PostgreSQL, against the baseline of the same run: the department figures (应处置,
# 处置, 按期处置, 超期未处置, 返工, by the last dispatch, over the cases registered in the quarter)
# computed by one SQL query inside PostgreSQL over the same events, timed by the server's clock.
# The baseline's handling deadline is the last one an event recorded, ignoring suspensions — a
# cheaper question than ours, so the ratio flatters the baseline.
# Ours reads the running totals the simulator kept; the same figures folded from the events
# (--from-events) are measured too, every kind is checked equal between the two, and the totals
# are rebuilt from the events (--recompute) and timed.
#
#   bench/evaluation.sh                    10,000,000 cases (build time dominates: hours on PostgreSQL)
#   bench/evaluation.sh --scale 0.02       200,000 cases
#   BENCH_SCALE=0.0002 …                   smoke run (ctest)
set -euo pipefail
cd "$(dirname "$0")/.."
while [[ $# -gt 0 ]]; do
  case $1 in
    --scale) BENCH_SCALE=$2; shift 2 ;;
    *) echo "usage: $0 [--scale S]" >&2; exit 2 ;;
  esac
done
scale=${BENCH_SCALE:-1}
binary=${URBANGRID_BINARY:-build/urbangrid}
[[ -x $binary ]] || { echo "missing $binary: run make build" >&2; exit 1; }

work=$(mktemp -d /tmp/urbangrid-bench.XXXXXX)
state="$work/pg"
cleanup() {
  bash tests/support/postgres_fixture.sh stop "$state" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

cases=$(python3 -c "print(max(1000, int(10000000 * $scale)))")
from=$(date -d '-730 days' +%F)
to=$(date -d yesterday +%F)
# The last full quarter before today.
read -r q_from q_to <<<"$(python3 - <<'PY'
import datetime
d = datetime.date.today()
start = datetime.date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)
last_end = start - datetime.timedelta(days=1)
last_start = datetime.date(last_end.year, 3 * ((last_end.month - 1) // 3) + 1, 1)
print(last_start.isoformat(), last_end.isoformat())
PY
)"

bash tests/support/postgres_fixture.sh start "$state" >/dev/null
pg=$(cat "$state/url")
as_pg=()
if [[ $(id -u) -eq 0 ]]; then as_pg=(runuser -u postgres --); fi
psql_run() { "${as_pg[@]}" psql -X -q -v ON_ERROR_STOP=1 "$pg" "$@"; }

sqlite="$work/city.db"
echo "UrbanGrid evaluation — $cases cases $from…$to, quarter $q_from…$q_to; $(date -u +%FT%TZ), $(nproc) cores"
for db in "$sqlite" "$pg"; do
  "$binary" demo create --db "$db" --data data --without-staff >/dev/null
  "$binary" demo simulate --db "$db" --cases "$cases" --from "$from" --to "$to" --seed 3 | head -1
done
psql_run -c "VACUUM ANALYZE" >/dev/null

# Wall time of one command, best of three, in seconds.
best_of_3() {
  local best=""
  for _ in 1 2 3; do
    local started ended
    started=$(date +%s.%N)
    "$@" >/dev/null
    ended=$(date +%s.%N)
    best=$(python3 -c "a=$ended-$started; b='$best'; print(a if b == '' else min(a, float(b)))")
  done
  echo "$best"
}
quarter=(--from "$q_from" --to "$q_to")
sqlite_department=$(best_of_3 "$binary" evaluate --db "$sqlite" --kind department "${quarter[@]}" --format csv)
sqlite_all=$(best_of_3 "$binary" evaluate --db "$sqlite" --kind all "${quarter[@]}" --format xlsx --out "$work/all.xlsx")
pg_department=$(best_of_3 "$binary" evaluate --db "$pg" --kind department "${quarter[@]}" --format csv)
pg_all=$(best_of_3 "$binary" evaluate --db "$pg" --kind all "${quarter[@]}" --format xlsx --out "$work/all.xlsx")
sqlite_fold=$("$binary" evaluate --db "$sqlite" --kind all "${quarter[@]}" --format xlsx --out "$work/fold.xlsx" \
  --from-events >/dev/null && best_of_3 "$binary" evaluate --db "$sqlite" --kind all "${quarter[@]}" --format xlsx \
  --out "$work/fold.xlsx" --from-events)

# The totals must give the fold's figures, kind by kind, on both databases.
for db in "$sqlite" "$pg"; do
  for kind in region department supervisor operator shift_leader dispatcher; do
    if ! cmp -s <("$binary" evaluate --db "$db" --kind "$kind" "${quarter[@]}") \
      <("$binary" evaluate --db "$db" --kind "$kind" "${quarter[@]}" --from-events); then
      echo "running totals and events disagree: $kind on $db" >&2
      exit 1
    fi
  done
done
recompute() { "$binary" evaluate --db "$1" --recompute 2>&1 | tail -1; }
sqlite_recompute=$(recompute "$sqlite")
pg_recompute=$(recompute "$pg")

# The baseline: one query, the server's own clock around it, best of three.
bounds=$(python3 - "$q_from" "$q_to" <<'PY'
import datetime, sys
tz = datetime.timezone(datetime.timedelta(hours=8))
start = datetime.datetime.fromisoformat(sys.argv[1]).replace(tzinfo=tz)
end = datetime.datetime.fromisoformat(sys.argv[2]).replace(tzinfo=tz) + datetime.timedelta(days=1)
print(int(start.timestamp() * 1000), int(end.timestamp() * 1000))
PY
)
read -r F E <<<"$bounds"
baseline=$(psql_run -t -A <<SQL
CREATE TEMP TABLE figures (department text, due_to_handle bigint, handled bigint, on_time bigint,
  overdue_unhandled bigint, reworked bigint);
DO \$\$
DECLARE started timestamptz; best float8 := 1e9;
BEGIN
  FOR attempt IN 1..3 LOOP
    TRUNCATE figures;
    started := clock_timestamp();
    INSERT INTO figures
    WITH ev AS (
      SELECT e.case_id, e.sequence, e.action, e.at_ms, e.to_state, e.payload::jsonb AS p
      FROM case_events e JOIN cases c ON c.id = e.case_id
      WHERE c.created_at_ms < $E AND c.updated_at_ms >= $F AND e.at_ms < $E),
    agg AS (
      SELECT case_id,
        min(at_ms) FILTER (WHERE action IN ('register', 'self_handle')) AS registered_at,
        max(sequence) FILTER (WHERE action = 'dispatch') AS dispatch_seq,
        max(sequence) FILTER (WHERE action = 'approve_return') AS return_seq,
        max(sequence) FILTER (WHERE action = 'finish') AS finish_seq,
        max(sequence) FILTER (WHERE action = 'check_fail') AS fail_seq,
        max(sequence) FILTER (WHERE p ? 'handling_due') AS due_seq,
        bool_or(action = 'check_fail') AS reworked,
        max(sequence) AS last_seq
      FROM ev GROUP BY case_id),
    f AS (
      SELECT d.p->>'department' AS department,
        CASE WHEN a.finish_seq IS NOT NULL AND (a.fail_seq IS NULL OR a.fail_seq < a.finish_seq) THEN fin.at_ms END
          AS handled_at,
        (extract(epoch FROM (du.p->>'handling_due')::timestamptz) * 1000)::bigint AS due_ms,
        s.to_state NOT IN ('closed', 'invalid', 'rejected', 'void', 'merged') AS open,
        a.reworked
      FROM agg a
      JOIN ev d ON d.case_id = a.case_id AND d.sequence = a.dispatch_seq
      JOIN ev s ON s.case_id = a.case_id AND s.sequence = a.last_seq
      LEFT JOIN ev fin ON fin.case_id = a.case_id AND fin.sequence = a.finish_seq
      LEFT JOIN ev du ON du.case_id = a.case_id AND du.sequence = a.due_seq
      WHERE a.registered_at >= $F AND a.registered_at < $E
        AND (a.return_seq IS NULL OR a.return_seq < a.dispatch_seq))
    SELECT department,
      count(*) FILTER (WHERE handled_at IS NOT NULL OR (open AND due_ms <= $E)),
      count(*) FILTER (WHERE handled_at IS NOT NULL),
      count(*) FILTER (WHERE handled_at IS NOT NULL AND handled_at <= due_ms),
      count(*) FILTER (WHERE handled_at IS NULL AND open AND due_ms <= $E),
      count(*) FILTER (WHERE handled_at IS NOT NULL AND reworked)
    FROM f GROUP BY department;
    best := least(best, extract(epoch FROM clock_timestamp() - started));
  END LOOP;
  PERFORM set_config('bench.elapsed', best::text, false);
END \$\$;
SELECT current_setting('bench.elapsed');
SELECT department || ' ' || handled || '/' || due_to_handle FROM figures ORDER BY department;
SQL
)
sql_seconds=$(head -1 <<<"$baseline")
ours_rows=$("$binary" evaluate --db "$pg" --kind department "${quarter[@]}" --format csv |
  awk -F, 'NR > 1 {print $1 " " $9 "/" $8}' | sort)

printf '%-52s %10s\n' "measure" "seconds"
printf '%-52s %10.3f\n' "baseline: department figures, one SQL in PostgreSQL" "$sql_seconds"
printf '%-52s %10.3f\n' "urbangrid evaluate --kind department (PostgreSQL)" "$pg_department"
printf '%-52s %10.3f\n' "urbangrid evaluate --kind all → xlsx (PostgreSQL)" "$pg_all"
printf '%-52s %10.3f\n' "urbangrid evaluate --kind department (SQLite)" "$sqlite_department"
printf '%-52s %10.3f\n' "urbangrid evaluate --kind all → xlsx (SQLite)" "$sqlite_all"
printf '%-52s %10.3f\n' "… the same folded from the events (--from-events)" "$sqlite_fold"
echo "every kind: running totals = events (SQLite and PostgreSQL)"
echo "recompute, SQLite: $sqlite_recompute"
echo "recompute, PostgreSQL: $pg_recompute"
python3 -c "print(f'ratio baseline / ours (departments, PostgreSQL): {$sql_seconds / $pg_department:.2f}  (target ≥ 5)')"
echo "handled/due per department — baseline vs ours (the baseline ignores suspensions):"
paste <(tail -n +2 <<<"$baseline" | sort) <(echo "$ours_rows") | head -20
