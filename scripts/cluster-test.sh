# The fault drill of `scripts/cluster.sh test` (sourced by cluster.sh: uses its functions and variables).
# Each phase prints its counts; an invariant that fails is counted and the run exits 1 at the end.
# Every load is a fixed number of filings or reads with a deadline.

FAILS=0
SUMMARY=()

check() { # check "description" command...
  local what=$1; shift
  if "$@"; then log "ok: $what"; else log "INVARIANT FAILED: $what"; FAILS=$((FAILS + 1)); fi
}
note() { SUMMARY+=("$*"); log "$*"; }
now_ms() { date +%s%3N; }

replica_xacts() { psql_on pg2 "select xact_commit from pg_stat_database where datname='yingshang'"; }
replication_state() { psql_on pg1 "select coalesce(string_agg(state, ','), 'none') from pg_stat_replication"; }
wait_streaming() {
  for _ in $(seq 1 100); do
    [ "$(replication_state)" = streaming ] && return 0
    sleep 0.3
  done
  return 1
}
json_field() { "$VENV/bin/python" -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$@"; }
gt() { [ "$1" -gt "$2" ]; }
eq() { [ "$1" = "$2" ]; }

phase_replica_reads() {
  log "== 1. reads of statistics go to the replica"
  local lag before after
  lag=$(psql_on pg1 "select coalesce(round(extract(epoch from max(replay_lag)) * 1000), 0) from pg_stat_replication")
  note "replication: $(replication_state), replay lag ${lag} ms (sticky window for writers: 10 s)"
  before=$(replica_xacts)
  client read --path /api/v1/appeals/stats --count 20 || FAILS=$((FAILS + 1))
  sleep 2
  after=$(replica_xacts)
  note "replica transactions during 20 statistics reads: $((after - before))"
  check "statistics reads were served by the replica" gt "$((after - before))" 0
}

phase_app_kill() {
  log "== 2. kill app host app1 (SIGKILL, gunicorn master and workers) in the middle of 400 filings"
  client file "$R/appkill.json" --count 400 --threads 4 --seconds 120 --marker appkill &
  local load=$!
  sleep 3
  kill_host app1 KILL
  local killed_at; killed_at=$(date +%T)
  wait "$load" || true
  note "app host killed at $killed_at; filings errors: $(json_field "$R/appkill.json" errors) of 400"
  check "every acknowledged filing stored once (app host killed)" client verify "$R/appkill.json"
  app_start app1
  wait_http app1 "$(ip_of app1):8000/healthz"
}

task_field() { psql_on pg1 "select $2 from django_tasks_database_dbtaskresult where id = '$1'"; }

phase_worker_kill() {
  log "== 3. kill the worker host running a task (1000 notification emails): the other worker finishes it"
  local marker; marker="drill-$(date +%s)"
  local task; task=$(client notices --count 1000 --marker "$marker" | tail -1)
  local status="" workers=""
  for _ in $(seq 1 300); do
    status=$(task_field "$task" status)
    [ "$status" = RUNNING ] && [ "$(psql_on pg1 "select count(*) from core_notification where title like '$marker %' and emailed_at is not null")" -gt 20 ] && break
    sleep 0.1
  done
  workers=$(task_field "$task" "worker_ids->>-1")
  local victim=${workers%%-*}
  if [ "$status" != RUNNING ] || [ -z "$victim" ]; then
    log "the task was not caught running (status $status)"
    FAILS=$((FAILS + 1))
    return
  fi
  local sent_at_kill t0 t1
  kill_host "$victim" KILL
  t0=$(now_ms)
  sent_at_kill=$(psql_on pg1 "select count(*) from core_notification where title like '$marker %' and emailed_at is not null")
  for _ in $(seq 1 120); do
    status=$(task_field "$task" status)
    [ "$status" = SUCCESSFUL ] && break
    sleep 0.5
  done
  t1=$(now_ms)
  workers=$(task_field "$task" "worker_ids::text")
  note "worker $victim killed after $sent_at_kill of 1000 emails; task $status $((t1 - t0)) ms later, run by $workers"
  check "the task finished on the other worker" eq "$status" SUCCESSFUL
  check "each notification emailed once (at most the one in flight twice)" \
    client mail --marker "$marker" --dir "$BASE/var/mail"
  worker_start "$victim"
}

phase_replica_stop() {
  log "== 4. stop the replica: statistics reads fall back to the primary"
  pg_stop pg2 fast
  local t0 t1; t0=$(now_ms)
  check "20 statistics reads answered 200 with the replica down" client read --path /api/v1/appeals/stats --count 20
  t1=$(now_ms)
  note "replica stopped: 20 statistics reads in $((t1 - t0)) ms, all from the primary"
  pg_start pg2
  check "replica streaming again after its restart" wait_streaming
  sleep 6 # YINGSHANG_REPLICA_RETRY_SECONDS (5): the app tries the replica again
  local before after; before=$(replica_xacts)
  client read --path /api/v1/appeals/stats --count 10 >/dev/null || true
  sleep 2
  after=$(replica_xacts)
  check "reads return to the replica once it is back ($((after - before)) transactions)" gt "$((after - before))" 0
}

phase_primary_restart() {
  log "== 5. restart the primary in the middle of 400 filings (3 threads, 50 ms between filings)"
  client file "$R/pgrestart.json" --count 400 --threads 3 --seconds 120 --marker pgrestart --pause 0.05 &
  local load=$!
  sleep 2
  local t0 t1; t0=$(now_ms)
  pg_stop pg1 fast
  sleep 2
  pg_start pg1
  t1=$(now_ms)
  wait "$load" || true
  note "primary down for $((t1 - t0)) ms; filing errors during it: $(json_field "$R/pgrestart.json" errors) of 400 ($(json_field "$R/pgrestart.json" answered_by))"
  check "every acknowledged filing stored once (primary restarted)" client verify "$R/pgrestart.json"
  client file "$R/after.json" --count 20 --threads 2 --seconds 60 --marker after
  check "20 of 20 filings acknowledged after the restart" eq "$(json_field "$R/after.json" errors)" 0
  check "replica streaming again after the primary's restart" wait_streaming
  local workers
  workers=$( (ip netns pids "$(ns wk1)"; ip netns pids "$(ns wk2)") | xargs -r ps -o args= -p | grep -v "^bash" | grep -c "db_worker" || true)
  note "db_worker processes alive after the primary's restart: $workers (each under its restart loop)"
}

old_client() { CLUSTER_LB="$(ip_of app1):8000" client "$@"; }

phase_old_code() {
  local ref=${CLUSTER_OLD_REF:-main}
  log "== 7. rolling deploy: app1 runs the previous release ($ref) against this schema, app2 this one"
  rm -rf "$BASE/old"
  mkdir -p "$BASE/old"
  git -C "$ROOT" archive "$ref" | tar -x -C "$BASE/old"
  kill_host app1 TERM
  wait_host_empty app1
  start_on app1 app1-old env PYTHONPATH="$BASE/old" "$VENV/bin/gunicorn" yingshang.wsgi --chdir "$BASE/old" \
    -w 2 -b "$(ip_of app1):8000" --timeout 30 --log-level warning
  wait_http app1 "$(ip_of app1):8000/healthz"
  old_client file "$R/old.json" --count 60 --threads 2 --seconds 60 --marker oldcode
  check "the previous release files appeals against this schema (none lost)" client verify "$R/old.json"
  check "the previous release reads statistics against this schema" old_client read --path /api/v1/appeals/stats --count 5
  kill_host app1 TERM
  wait_host_empty app1
  app_start app1
  wait_http app1 "$(ip_of app1):8000/healthz"
}

phase_pitr() {
  log "== 6. backup and point-in-time restore drill"
  rm -rf "$BASE/backup/base"
  as_pg "$PG_BIN/pg_basebackup -h $BASE/run/pg1 -D $BASE/backup/base -X fetch -c fast" >>"$BASE/log/pitr.log" 2>&1
  client file "$R/pitr1.json" --count 30 --threads 2 --seconds 60 --marker pitr1 >/dev/null
  local at_point; at_point=$(psql_on pg1 "select count(*) from appeals_appeal")
  psql_on pg1 "select pg_create_restore_point('cluster_drill')" >/dev/null
  client file "$R/pitr2.json" --count 30 --threads 2 --seconds 60 --marker pitr2 >/dev/null
  local at_end; at_end=$(psql_on pg1 "select count(*) from appeals_appeal")
  local seg; seg=$(psql_on pg1 "select pg_walfile_name(pg_switch_wal())")
  for _ in $(seq 1 50); do [ -f "$BASE/archive/$seg" ] && break; sleep 0.2; done
  check "WAL segment $seg archived" test -f "$BASE/archive/$seg"
  local t0 t1; t0=$(now_ms)
  bash "$ROOT/scripts/pitr-drill.sh" restore "$BASE/backup/base" "$BASE/archive" "$BASE/pitr" cluster_drill \
    >>"$BASE/log/pitr.log" 2>&1 || { tail -20 "$BASE/log/pitr.log"; FAILS=$((FAILS + 1)); }
  local restored; restored=$(as_pg "psql -h $BASE/pitr/run -p 5433 -qAt -d yingshang -c 'select count(*) from appeals_appeal'")
  t1=$(now_ms)
  as_pg "$PG_BIN/pg_ctl -D $BASE/pitr -m fast -w stop" >/dev/null
  note "PITR: $at_point appeals at the restore point, $at_end at the end; restored cluster has $restored ($((t1 - t0)) ms to restore and count)"
  check "restored count equals the count at the restore point" eq "$restored" "$at_point"
  check "the 30 filings after the restore point are not in the restore" eq "$((at_end - at_point))" 30
}

BROUGHT_UP=0
finish_test() {
  local rc=$?
  if [ "$BROUGHT_UP" = 1 ] && [ -z "${CLUSTER_KEEP:-}" ]; then cmd_down; fi
  exit "$rc"
}

cmd_test() {
  require
  if ! is_up; then
    # Taken down again at the end, also when a step fails half-way (CLUSTER_KEEP=1 leaves it up).
    trap finish_test EXIT
    BROUGHT_UP=1
    cmd_up
  fi
  R=$BASE/results
  mkdir -p "$R"
  local started; started=$(date +%s)
  phase_replica_reads
  phase_app_kill
  phase_worker_kill
  phase_replica_stop
  phase_primary_restart
  phase_pitr
  phase_old_code
  log "== summary ($(($(date +%s) - started)) s)"
  printf '  %s\n' "${SUMMARY[@]}"
  if [ "$FAILS" -gt 0 ]; then
    log "$FAILS invariant(s) failed"
    exit 1
  fi
  log "all invariants held"
}
