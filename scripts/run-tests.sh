#!/usr/bin/env bash
# Run the test suite against a throwaway PostgreSQL 15 cluster, with Debian's Chromium for
# the browser tests, Debian's nginx for the tests behind it and Debian's redis-server for
# the two app servers sharing a cache. Works on a fresh Debian 12 machine as root (CI
# runs it in a clean clone).
# Usage: scripts/run-tests.sh [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
source scripts/pg-cluster.sh

missing=()
[ -x "$PGBIN/postgres" ] || missing+=(postgresql-15)
[ -x /usr/bin/chromium ] || missing+=(chromium)
# The tests behind nginx run deploy/nginx.conf (tests/support/nginx.py).
[ -x /usr/sbin/nginx ] || missing+=(nginx)
# Two app servers share one Redis in tests/project/test_two_app_servers.py.
command -v redis-server >/dev/null || missing+=(redis-server)
# Playwright's bundled node driver links libatomic, absent from minimal Debian.
[[ $(ldconfig -p) == *libatomic.so.1* ]] || missing+=(libatomic1)
# The HTML validity test runs the Nu HTML Checker (a jar); the npm packages need npm.
command -v java >/dev/null || missing+=(default-jre-headless)
command -v npm >/dev/null || missing+=(npm)
# Translations are compiled with msgfmt; the catalogue test runs makemessages (xgettext).
command -v msgfmt >/dev/null || missing+=(gettext)
install_missing "${missing[@]}"

ensure_venv
scripts/compile-translations.sh

# Test tools from npm (axe-core, vnu-jar), pinned by the committed lock file. Their
# install scripts are skipped: vnu-jar's would fetch a Java; we use Debian's.
tools=tests/browser
if [ ! -f "$tools/node_modules/.package-lock.json" ] ||
  [ "$tools/package-lock.json" -nt "$tools/node_modules/.package-lock.json" ]; then
  say "Installing test tools into $tools/node_modules (npm ci)"
  npm ci --prefix "$tools" --ignore-scripts --no-audit --no-fund --loglevel=error
fi

pg_cluster_start
pg_replica_start
export SECRET_KEY=test-only-not-secret
# Live-server threads end without closing persistent connections; keep none in tests.
export CONN_MAX_AGE=0
# The outage and backup tests stop, start and dump this cluster (tests/support/cluster.py).
export LIVEBLOG_TEST_PGDATA="$PGTMP/data"
export LIVEBLOG_TEST_PGHOST="$PGTMP"
export LIVEBLOG_TEST_PGBIN="$PGBIN"
export LIVEBLOG_TEST_PGLOG="$PGTMP/server.log"
export LIVEBLOG_TEST_PG_AS="${as_pg[*]}"
# The read-replica tests read through this hot standby and pause its replay.
export LIVEBLOG_TEST_REPLICA_URL="$REPLICA_URL"
export LIVEBLOG_TEST_REPLICA_HOST="$REPLICA_HOST"
unset DEBUG # tests run with the settings' default, whatever the caller's shell has
say "DATABASE_URL=$DATABASE_URL"

say "Running pytest $*"
status=0
.venv/bin/pytest "$@" || status=$?
say "pytest exited with $status"
exit "$status"
