#!/usr/bin/env bash
# Point-in-time restore of a PostgreSQL 15 base backup plus archived WAL into a fresh data directory, started
# on a Unix socket only (no TCP: it cannot be mistaken for the live database), port 5433.
#
#   scripts/pitr-drill.sh restore BASE_BACKUP_DIR WAL_ARCHIVE_DIR TARGET_DIR TARGET
#
# TARGET is a restore point's name (made with `select pg_create_restore_point('name')`) or a time
# ('2026-12-03 13:05:00+08'). The restored server is promoted at the target and left running:
#   sudo -u postgres psql -h TARGET_DIR/run -p 5433 -d yingshang
# stop it with: sudo -u postgres /usr/lib/postgresql/15/bin/pg_ctl -D TARGET_DIR stop
# `scripts/cluster.sh test` runs this against its own primary and compares counts (docs/operations.md).
set -euo pipefail
PG_BIN=/usr/lib/postgresql/15/bin
[ "${1:-}" = restore ] && [ $# -eq 5 ] || { sed -n '2,12p' "$0" >&2; exit 2; }
base=$2 archive=$3 target=$4 point=$5
[ -f "$base/PG_VERSION" ] || { echo "no base backup in $base" >&2; exit 1; }
[ ! -e "$target" ] || [ -z "$(ls -A "$target")" ] || { echo "$target is not empty" >&2; exit 1; }
if [[ $point =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2} ]]; then
  target_line="recovery_target_time = '$point'"
else
  target_line="recovery_target_name = '$point'"
fi
install -d -o postgres -g postgres -m 700 "$target"
cp -a "$base/." "$target/"
chown -R postgres:postgres "$target"
rm -f "$target/postmaster.pid" "$target/standby.signal"
install -d -o postgres -g postgres -m 755 "$target/run"
cat >>"$target/postgresql.conf" <<EOF
# -- point-in-time restore (scripts/pitr-drill.sh) --
listen_addresses = ''
port = 5433
unix_socket_directories = '$target/run'
archive_mode = off
primary_conninfo = ''
primary_slot_name = ''
restore_command = 'cp $archive/%f %p'
$target_line
recovery_target_action = 'promote'
EOF
touch "$target/recovery.signal"
chown postgres:postgres "$target/recovery.signal" "$target/postgresql.conf"
su postgres -s /bin/bash -c "$PG_BIN/pg_ctl -D $target -l $target/restore.log -w -t 120 start"
# Recovery ends with the promotion; wait for it so the counts read are the target's.
for _ in $(seq 1 120); do
  state=$(su postgres -s /bin/bash -c "psql -h $target/run -p 5433 -qAt -d postgres -c 'select pg_is_in_recovery()'" 2>/dev/null || true)
  [ "$state" = f ] && { echo "restored to $point and promoted"; exit 0; }
  sleep 0.5
done
echo "recovery did not finish; see $target/restore.log" >&2
exit 1
