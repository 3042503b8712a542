#!/usr/bin/env bash
# Run the test suite against a throwaway PostgreSQL 15 cluster, with Debian's Chromium for
# the browser tests. Works on a fresh Debian 12 machine as root (CI runs it in a clean clone).
# Usage: scripts/run-tests.sh [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."

PGBIN=/usr/lib/postgresql/15/bin
say() { printf '==> %s\n' "$*"; }

apt_install() {
  if [ "$(id -u)" != 0 ]; then
    echo "Missing system packages; as root run: apt-get install $*" >&2
    exit 1
  fi
  say "Installing $* (apt-get)"
  local log
  log=$(mktemp)
  # DPkg::Lock::Timeout waits for another apt/dpkg run instead of failing on its lock.
  if ! { apt-get -q -o DPkg::Lock::Timeout=600 update &&
    DEBIAN_FRONTEND=noninteractive apt-get -q -y -o DPkg::Lock::Timeout=600 \
      install --no-install-recommends "$@"; } >"$log" 2>&1; then
    cat "$log" >&2
    exit 1
  fi
  rm -f "$log"
}

missing=()
[ -x "$PGBIN/postgres" ] || missing+=(postgresql-15)
[ -x /usr/bin/chromium ] || missing+=(chromium)
# Playwright's bundled node driver links libatomic, absent from minimal Debian.
[[ $(ldconfig -p) == *libatomic.so.1* ]] || missing+=(libatomic1)
# The HTML validity test runs the Nu HTML Checker (a jar); the npm packages need npm.
command -v java >/dev/null || missing+=(default-jre-headless)
command -v npm >/dev/null || missing+=(npm)
# Debian's python3 ships ensurepip (needed by venv) in a separate package.
[ -x .venv/bin/python ] || python3 -c 'import ensurepip' 2>/dev/null || missing+=(python3-venv)
if ((${#missing[@]})); then
  if [[ " ${missing[*]} " == *" postgresql-15 "* ]]; then
    # We never use Debian's default "main" cluster: don't let the package create (and start) it.
    mkdir -p /etc/postgresql-common/createcluster.d
    echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.d/no-main-cluster.conf
  fi
  apt_install "${missing[@]}"
fi

# Same stamp as the Makefile's: pip only runs when a requirements file changed.
stamp=.venv/.requirements-dev.stamp
if [ ! -x .venv/bin/python ]; then
  say "Creating .venv"
  python3 -m venv .venv
fi
if [ ! -f "$stamp" ] || [ requirements.txt -nt "$stamp" ] || [ requirements-dev.txt -nt "$stamp" ]; then
  say "Installing requirements-dev.txt into .venv"
  .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
  touch "$stamp"
fi

# Test tools from npm (axe-core, vnu-jar), pinned by the committed lock file. Their
# install scripts are skipped: vnu-jar's would fetch a Java; we use Debian's.
tools=tests/browser
if [ ! -f "$tools/node_modules/.package-lock.json" ] ||
  [ "$tools/package-lock.json" -nt "$tools/node_modules/.package-lock.json" ]; then
  say "Installing test tools into $tools/node_modules (npm ci)"
  npm ci --prefix "$tools" --ignore-scripts --no-audit --no-fund --loglevel=error
fi

# A private cluster per run: data and unix socket in one temp dir, no TCP port, so runs in
# several worktrees at once never collide. Under /tmp (not $TMPDIR): socket paths must be short.
say "Starting a throwaway PostgreSQL 15 cluster"
PGTMP=$(mktemp -d /tmp/liveblog-pg.XXXXXX)
as_pg=()
if [ "$(id -u)" = 0 ]; then
  # postgres refuses to run as root.
  chown postgres: "$PGTMP"
  as_pg=(runuser -u postgres --)
fi
# Run a PostgreSQL binary as the server's user, from a directory that user can enter.
pg() { (cd "$PGTMP" && "${as_pg[@]}" "$PGBIN/$1" "${@:2}"); }
# shellcheck disable=SC2317  # called by the trap
cleanup() {
  pg pg_ctl -D "$PGTMP/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$PGTMP"
}
trap cleanup EXIT
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
CONF
pg pg_ctl -D "$PGTMP/data" -l "$PGTMP/server.log" -w -t 60 start >/dev/null ||
  { cat "$PGTMP/server.log" >&2; exit 1; }
pg createdb -h "$PGTMP" -U postgres liveblog

# dj-database-url takes a percent-encoded socket directory as the host.
export DATABASE_URL="postgres://postgres@${PGTMP//\//%2F}/liveblog"
export SECRET_KEY=test-only-not-secret
# Live-server threads end without closing persistent connections; keep none in tests.
export CONN_MAX_AGE=0
# The outage and backup tests stop, start and dump this cluster (tests/cluster.py).
export LIVEBLOG_TEST_PGDATA="$PGTMP/data"
export LIVEBLOG_TEST_PGHOST="$PGTMP"
export LIVEBLOG_TEST_PGBIN="$PGBIN"
export LIVEBLOG_TEST_PGLOG="$PGTMP/server.log"
export LIVEBLOG_TEST_PG_AS="${as_pg[*]}"
unset DEBUG # tests run with the settings' default, whatever the caller's shell has
say "DATABASE_URL=$DATABASE_URL"

say "Running pytest $*"
status=0
.venv/bin/pytest "$@" || status=$?
say "pytest exited with $status"
exit "$status"
