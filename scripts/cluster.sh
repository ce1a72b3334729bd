#!/usr/bin/env bash
# A whole deployment on one machine, in network namespaces: haproxy (lb), two gunicorn app hosts, two
# db_worker hosts, the scheduler (run_periodic), a PostgreSQL 15 primary and its streaming replica, each host in its own namespace with
# its own address on a private bridge (10.231.0.0/24, inside a namespace of its own: nothing is added to
# the machine's own network, and no traffic leaves these namespaces). Data under /tmp/yingshang-cluster.
#
#   scripts/cluster.sh up      build and start everything (refuses if it is already up)
#   scripts/cluster.sh down    stop every process in the namespaces, remove them and the data
#   scripts/cluster.sh status  what runs where
#   scripts/cluster.sh test    faults under a bounded filing load, counts printed; exit 1 if an invariant
#                              fails (brings the cluster up first and down afterwards if it was not up)
#
# Root, Debian packages only (haproxy, postgresql-15, iproute2; installed when missing), and the project's
# .venv (make venv). Not part of `make test` (docs/operations.md, "Cluster drill").
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BASE=${CLUSTER_DIR:-/tmp/yingshang-cluster}
NET=10.231.0
PGV=15
PG_BIN=/usr/lib/postgresql/$PGV/bin
VENV=${CLUSTER_VENV:-$ROOT/.venv}
PFX=ysc
# host name -> last octet of its address
declare -A ADDR=([client]=5 [lb]=10 [app1]=11 [app2]=12 [wk1]=21 [wk2]=22 [sched]=23 [pg1]=31 [pg2]=32)
HOSTS=(client lb app1 app2 wk1 wk2 sched pg1 pg2)
DB_PASS=yingshang
REPL_PASS=replicator

log() { printf '[cluster %s] %s\n' "$(date +%T)" "$*"; }
die() { printf '[cluster] ERROR: %s\n' "$*" >&2; exit 1; }
ns() { echo "$PFX-$1"; }
ip_of() { echo "$NET.${ADDR[$1]}"; }
in_ns() { local h=$1; shift; ip netns exec "$(ns "$h")" "$@"; }
as_pg() { su postgres -s /bin/bash -c "$*"; }
is_up() { ip netns list | grep -q "^$PFX-sw\b"; }

require() {
  [ "$(id -u)" = 0 ] || die "run as root (network namespaces)"
  local missing=()
  command -v haproxy >/dev/null || missing+=(haproxy)
  command -v ip >/dev/null || missing+=(iproute2)
  [ -x "$PG_BIN/postgres" ] || missing+=("postgresql-$PGV")
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    bash "$ROOT/scripts/apt-install.sh" "${missing[@]}"
  fi
  [ -x "$VENV/bin/gunicorn" ] || die "no $VENV/bin/gunicorn: run 'make venv' first"
}

# -- network -------------------------------------------------------------------------------------------

net_up() {
  ip netns add "$PFX-sw"
  ip -n "$PFX-sw" link set lo up
  ip -n "$PFX-sw" link add br0 type bridge
  ip -n "$PFX-sw" link set br0 up
  for h in "${HOSTS[@]}"; do
    ip netns add "$(ns "$h")"
    ip -n "$PFX-sw" link add "v-$h" type veth peer name eth0 netns "$(ns "$h")"
    ip -n "$PFX-sw" link set "v-$h" master br0 up
    ip -n "$(ns "$h")" addr add "$(ip_of "$h")/24" dev eth0
    ip -n "$(ns "$h")" link set eth0 up
    ip -n "$(ns "$h")" link set lo up
  done
}

# Signal every process of one host (the namespace's own processes: nothing else on the machine).
kill_host() {
  local h=$1 sig=${2:-TERM} pids
  pids=$(ip netns pids "$(ns "$h")" 2>/dev/null || true)
  [ -n "$pids" ] && kill "-$sig" $pids 2>/dev/null || true
}

wait_host_empty() {
  local h=$1
  for _ in $(seq 1 50); do
    [ -z "$(ip netns pids "$(ns "$h")" 2>/dev/null || true)" ] && return 0
    sleep 0.2
  done
  kill_host "$h" KILL
  sleep 0.5
}

# -- PostgreSQL ----------------------------------------------------------------------------------------

pg_start() { in_ns "$1" su postgres -s /bin/bash -c "$PG_BIN/pg_ctl -D $BASE/$1 -l $BASE/log/$1.log -w -t 60 start" >/dev/null; }
pg_stop() { as_pg "$PG_BIN/pg_ctl -D $BASE/$1 -m ${2:-fast} -w -t 60 stop" >/dev/null; }
psql_on() { local h=$1; shift; as_pg "psql -h $BASE/run/$h -p 5432 -qAt -d ${PGDB:-yingshang} -c \"$*\""; }

primary_up() {
  install -d -o postgres -g postgres -m 700 "$BASE/pg1" "$BASE/pg2"
  install -d -o postgres -g postgres -m 755 "$BASE/archive" "$BASE/run/pg1" "$BASE/run/pg2" "$BASE/backup"
  as_pg "$PG_BIN/initdb -D $BASE/pg1 -U postgres -E UTF8 --locale=C.UTF-8 --auth-local=peer \
    --auth-host=scram-sha-256" >"$BASE/log/initdb.log"
  cat >>"$BASE/pg1/postgresql.conf" <<EOF
# -- yingshang cluster (scripts/cluster.sh) --
listen_addresses = '$(ip_of pg1)'
port = 5432
unix_socket_directories = '$BASE/run/pg1'
max_connections = 60
shared_buffers = 64MB
wal_level = replica
max_wal_senders = 5
max_replication_slots = 5
hot_standby = on
archive_mode = on
archive_command = 'test ! -f $BASE/archive/%f && cp %p $BASE/archive/%f'
archive_timeout = 60
EOF
  cat >>"$BASE/pg1/pg_hba.conf" <<EOF
host all all $NET.0/24 scram-sha-256
host replication replicator $NET.0/24 scram-sha-256
EOF
  pg_start pg1
  PGDB=postgres psql_on pg1 "CREATE ROLE yingshang LOGIN PASSWORD '$DB_PASS'"
  PGDB=postgres psql_on pg1 "CREATE ROLE replicator LOGIN REPLICATION PASSWORD '$REPL_PASS'"
  PGDB=postgres psql_on pg1 "CREATE DATABASE yingshang OWNER yingshang"
}

replica_up() {
  # The base backup travels over the namespaces' network, as it would between two hosts.
  in_ns pg2 su postgres -s /bin/bash -c "PGPASSWORD=$REPL_PASS $PG_BIN/pg_basebackup -h $(ip_of pg1) \
    -U replicator -D $BASE/pg2 -R -X stream -c fast -S ysc_replica -C" >"$BASE/log/basebackup.log" 2>&1
  cat >>"$BASE/pg2/postgresql.conf" <<EOF
listen_addresses = '$(ip_of pg2)'
unix_socket_directories = '$BASE/run/pg2'
EOF
  pg_start pg2
}

# -- application ---------------------------------------------------------------------------------------

write_env() {
  local secret
  secret=$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n')
  cat >"$BASE/app.env" <<EOF
DJANGO_SETTINGS_MODULE=yingshang.settings
YINGSHANG_ENV=development
DEBUG=0
SECRET_KEY=$secret
ALLOWED_HOSTS=$(ip_of lb),$(ip_of app1),$(ip_of app2)
YINGSHANG_TRUSTED_PROXIES=$(ip_of lb)/32
DATABASE_URL=postgres://yingshang:$DB_PASS@$(ip_of pg1):5432/yingshang
DATABASE_REPLICA_URL=postgres://yingshang:$DB_PASS@$(ip_of pg2):5432/yingshang
DB_CONN_MAX_AGE=60
YINGSHANG_VAR_DIR=$BASE/var
LOG_LEVEL=WARNING
EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend
EMAIL_FILE_PATH=$BASE/var/mail
# The drill kills a worker: its task is back in the queue 10-20 s later.
YINGSHANG_ORPHANED_TASK_SECONDS=10
YINGSHANG_TASK_SWEEP_SECONDS=10
YINGSHANG_TOKEN_CACHE_SECONDS=5
CLUSTER_DIR=$BASE
EOF
}

# Start a command on a host, detached, its output in log/NAME.log.
start_on() {
  local h=$1 name=$2; shift 2
  in_ns "$h" env -i PATH=/usr/bin:/bin HOME=/root LANG=C.UTF-8 $(grep -v '^#' "$BASE/app.env" | xargs) \
    setsid "$@" >>"$BASE/log/$name.log" 2>&1 </dev/null &
}

app_start() {
  local h=$1
  start_on "$h" "$h" "$VENV/bin/gunicorn" yingshang.wsgi --chdir "$ROOT" -w 2 -b "$(ip_of "$h"):8000" \
    --timeout 30 --graceful-timeout 5 --log-level warning
}

worker_start() {
  local h=$1
  # Restarted when it exits, as systemd's Restart=always does: the worker stops on a database error it
  # does not expect (the primary's restart) and must come back by itself.
  start_on "$h" "$h" bash -c "while :; do $VENV/bin/yingshang db_worker --interval 1 --worker-id $h-\$\$; sleep 1; done"
}

scheduler_start() {
  start_on sched sched bash -c "while :; do $VENV/bin/yingshang run_periodic --loop --tick 5; sleep 1; done"
}

wait_http() {
  local h=$1 url=$2 code
  for _ in $(seq 1 150); do
    code=$(in_ns client "$VENV/bin/python" -c "
import http.client,sys
try:
    c=http.client.HTTPConnection('${url%%/*}',timeout=2);c.request('GET','/${url#*/}',headers={'Host':'$(ip_of lb)'});print(c.getresponse().status)
except OSError: print(0)" 2>/dev/null)
    [ "$code" = 200 ] && return 0
    sleep 0.2
  done
  die "$h did not answer 200 on http://$url"
}

lb_start() {
  cat >"$BASE/haproxy.cfg" <<EOF
global
  maxconn 256
defaults
  mode http
  timeout connect 2s
  timeout client 30s
  timeout server 30s
  # Retried only when no request reached the server (connection refused): never a filing twice.
  retries 2
  option redispatch
frontend web
  bind $(ip_of lb):80
  default_backend app
backend app
  balance roundrobin
  option httpchk
  http-check send meth GET uri /healthz ver HTTP/1.1 hdr Host $(ip_of lb)
  http-check expect status 200
  default-server inter 1s fall 2 rise 2
  server app1 $(ip_of app1):8000 check
  server app2 $(ip_of app2):8000 check
EOF
  in_ns lb haproxy -f "$BASE/haproxy.cfg" -D -p "$BASE/run/haproxy.pid"
}

client() { in_ns client env $(grep -v '^#' "$BASE/app.env" | xargs) CLUSTER_LB="${CLUSTER_LB:-$(ip_of lb):80}" \
  "$VENV/bin/python" "$ROOT/bench/cluster_load.py" "$@"; }

# -- commands ------------------------------------------------------------------------------------------

cmd_up() {
  require
  if is_up || [ -e "$BASE" ]; then
    die "the cluster is up already (or $BASE is left over): run 'scripts/cluster.sh down' first"
  fi
  mkdir -p "$BASE/log" "$BASE/run" "$BASE/var"
  chown postgres:postgres "$BASE/log"
  chmod 755 "$BASE" "$BASE/run"
  log "network: namespaces $PFX-{${HOSTS[*]}} on a bridge in $PFX-sw, $NET.0/24"
  net_up
  log "PostgreSQL $PGV primary on $(ip_of pg1) (WAL archived to $BASE/archive)"
  primary_up
  log "streaming replica on $(ip_of pg2) (pg_basebackup, slot ysc_replica)"
  replica_up
  write_env
  log "migrate, bench user and token (from the client host)"
  client setup "$BASE/client.json" >"$BASE/log/setup.log" 2>&1 || { cat "$BASE/log/setup.log"; die "setup failed"; }
  log "app hosts (gunicorn -w 2) on $(ip_of app1), $(ip_of app2); workers on $(ip_of wk1), $(ip_of wk2); scheduler on $(ip_of sched)"
  app_start app1
  app_start app2
  worker_start wk1
  worker_start wk2
  scheduler_start
  wait_http app1 "$(ip_of app1):8000/healthz"
  wait_http app2 "$(ip_of app2):8000/healthz"
  log "haproxy on $(ip_of lb):80"
  lb_start
  wait_http lb "$(ip_of lb):80/healthz"
  log "up: http://$(ip_of lb)/ (reach it from a host namespace, e.g. ip netns exec $PFX-client ...)"
}

cmd_down() {
  [ "$(id -u)" = 0 ] || die "run as root"
  for h in lb app1 app2 wk1 wk2 sched client; do kill_host "$h" TERM; done
  for h in pg2 pg1; do
    [ -f "$BASE/$h/postmaster.pid" ] && pg_stop "$h" fast 2>/dev/null || true
    kill_host "$h" TERM
  done
  [ -f "$BASE/pitr/postmaster.pid" ] && pg_stop pitr immediate 2>/dev/null || true
  for h in "${HOSTS[@]}"; do
    wait_host_empty "$h"
    ip netns del "$(ns "$h")" 2>/dev/null || true
  done
  ip netns del "$PFX-sw" 2>/dev/null || true
  rm -rf "$BASE"
  log "down: namespaces and $BASE removed"
}

cmd_status() {
  is_up || { echo "down"; return 0; }
  for h in "${HOSTS[@]}"; do
    printf '%-7s %-12s %s\n' "$h" "$(ip_of "$h")" "$(ip netns pids "$(ns "$h")" | xargs -r ps -o comm= -p | sort | uniq -c | xargs)"
  done
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  test)
    # shellcheck source=scripts/cluster-test.sh
    source "$ROOT/scripts/cluster-test.sh"
    cmd_test
    ;;
  *) echo "usage: scripts/cluster.sh up|down|status|test" >&2; exit 2 ;;
esac
