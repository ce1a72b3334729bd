#!/usr/bin/env bash
# Starts Debian's PostgreSQL on loopback and makes the test role. `postgres.sh url` prints the DATABASE_URL.
set -euo pipefail
ROLE=${PGTEST_ROLE:-yingshang}
PASS=${PGTEST_PASSWORD:-yingshang}
PORT=${PGTEST_PORT:-5432}
case "${1:-start}" in
  url)
    echo "postgres://$ROLE:$PASS@127.0.0.1:$PORT/yingshang"
    ;;
  start)
    version=$(ls /usr/lib/postgresql | sort -n | tail -1)
    if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main$"; then
      pg_createcluster "$version" main >/dev/null
    fi
    pg_ctlcluster "$version" main start 2>/dev/null || true
    for _ in $(seq 1 30); do
      if su postgres -c "psql -p $PORT -qAtc 'select 1'" >/dev/null 2>&1; then break; fi
      sleep 1
    done
    su postgres -c "psql -p $PORT -qAtc \"select 1 from pg_roles where rolname='$ROLE'\"" | grep -q 1 ||
      su postgres -c "psql -p $PORT -qc \"create role $ROLE login superuser password '$PASS'\""
    su postgres -c "psql -p $PORT -qAtc \"select 1 from pg_database where datname='yingshang'\"" | grep -q 1 ||
      su postgres -c "createdb -p $PORT -O $ROLE yingshang"
    ;;
  *) echo "usage: postgres.sh start|url" >&2; exit 2 ;;
esac
