# A throwaway PostgreSQL 15 cluster (sourced, not run; needs scripts/common.sh). Used by
# scripts/run-tests.sh and scripts/bench.sh.
#
#   pg_cluster_start   creates and starts it, exports DATABASE_URL, arranges removal at exit
#   pg_replica_start   adds a hot standby streaming from it, exports REPLICA_URL
#   pg_cluster_stop    stops both and deletes their files (also run by the EXIT trap)
#
# Data and unix socket live in one temp dir and there is no TCP port, so runs in several
# worktrees at once never collide. Under /tmp (not $TMPDIR): socket paths must be short.

PGBIN=/usr/lib/postgresql/15/bin
PGTMP=
# The command prefix that runs as the server's user: postgres refuses to run as root.
as_pg=()
if [ "$(id -u)" = 0 ]; then as_pg=(runuser -u postgres --); fi

# Run a PostgreSQL binary as the server's user, from a directory that user can enter.
pg() { (cd "$PGTMP" && "${as_pg[@]}" "$PGBIN/$1" "${@:2}"); }

pg_cluster_stop() {
  [ -n "$PGTMP" ] || return 0
  if [ -f "$PGTMP/replica/PG_VERSION" ]; then
    pg pg_ctl -D "$PGTMP/replica" -m fast stop >/dev/null 2>&1 || true
  fi
  pg pg_ctl -D "$PGTMP/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$PGTMP"
  PGTMP=
}

pg_cluster_start() {
  say "Starting a throwaway PostgreSQL 15 cluster"
  PGTMP=$(mktemp -d /tmp/liveblog-pg.XXXXXX)
  if [ "$(id -u)" = 0 ]; then chown postgres: "$PGTMP"; fi
  # The caller's EXIT trap may add its own cleanup after this one.
  trap pg_cluster_stop EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  pg initdb -D "$PGTMP/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync \
    >"$PGTMP/initdb.log" 2>&1 || { cat "$PGTMP/initdb.log" >&2; exit 1; }
  cat >>"$PGTMP/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$PGTMP'
# Durability is pointless for a cluster deleted after the run.
fsync = off
synchronous_commit = off
full_page_writes = off
# Streaming replication over the socket, for pg_replica_start.
wal_level = replica
max_wal_senders = 4
CONF
  echo "local replication all trust" >>"$PGTMP/data/pg_hba.conf"
  pg pg_ctl -D "$PGTMP/data" -l "$PGTMP/server.log" -w -t 60 start >/dev/null ||
    { cat "$PGTMP/server.log" >&2; exit 1; }
  pg createdb -h "$PGTMP" -U postgres liveblog
  # dj-database-url takes a percent-encoded socket directory as the host.
  export DATABASE_URL="postgres://postgres@${PGTMP//\//%2F}/liveblog"
}

# A hot standby of the cluster on its own socket directory: the read-replica tests pause
# and resume its replay (tests/support/cluster.py). About a second for a new cluster.
pg_replica_start() {
  say "Starting a streaming replica of it"
  pg pg_basebackup -h "$PGTMP" -U postgres -D "$PGTMP/replica" -R -X stream -c fast --no-sync \
    >"$PGTMP/basebackup.log" 2>&1 || { cat "$PGTMP/basebackup.log" >&2; exit 1; }
  mkdir "$PGTMP/replica-socket"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$PGTMP/replica-socket"; fi
  # The copy has the primary's postgresql.conf; the last setting of a name wins.
  cat >>"$PGTMP/replica/postgresql.conf" <<CONF
unix_socket_directories = '$PGTMP/replica-socket'
hot_standby = on
CONF
  pg pg_ctl -D "$PGTMP/replica" -l "$PGTMP/replica.log" -w -t 60 start >/dev/null ||
    { cat "$PGTMP/replica.log" >&2; exit 1; }
  REPLICA_HOST="$PGTMP/replica-socket"
  export REPLICA_URL="postgres://postgres@${REPLICA_HOST//\//%2F}/liveblog"
}
