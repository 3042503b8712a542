#!/usr/bin/env bash
# The performance benchmark (`make bench`): installs what is missing (PostgreSQL 15,
# nginx, wrk and redis-server from Debian's packages; the Python packages into .venv),
# starts a throwaway PostgreSQL, then bench/run.py seeds stories, starts gunicorn, nginx
# and redis-server on loopback and unix sockets, drives them with wrk and prints a table
# of the targets. Takes about sixteen minutes; everything it starts is stopped and deleted.
# Usage: scripts/bench.sh [--short]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
source scripts/pg-cluster.sh

export PATH="$PATH:/usr/sbin" # nginx lives there
missing=()
for tool in nginx wrk redis-server; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
[ -x "$PGBIN/postgres" ] || missing+=(postgresql-15)
install_missing "${missing[@]}"

ensure_venv
pg_cluster_start
BENCH_DIR=$(mktemp -d /tmp/liveblog-bench.XXXXXX)
# nginx's workers (www-data) reach gunicorn's socket and the static files in here.
chmod 755 "$BENCH_DIR"
trap 'pg_cluster_stop; rm -rf "$BENCH_DIR"' EXIT

export BENCH_DIR
export SECRET_KEY=bench-only-not-secret
export ALLOWED_HOSTS=127.0.0.1,localhost,testserver
export STATIC_ROOT="$BENCH_DIR/static"
unset DEBUG REDIS_URL
.venv/bin/python bench/run.py "$@"
