#!/usr/bin/env bash
# `make run`: the development server and one background worker (manage.py db_worker) side by
# side, as one command. Ctrl-C stops both; if either one ends by itself, the other is
# stopped too, so no worker is left running unseen.
set -uo pipefail
# Each background process gets its own process group, so stopping one stops what it
# started too (runserver's autoreloader runs the server in a child process).
set -m
cd "$(dirname "$0")/.."
python=.venv/bin/python

$python manage.py db_worker --no-startup-delay </dev/null &
worker=$!
$python manage.py runserver 127.0.0.1:8000 </dev/null &
server=$!

stop() {
  kill -- -"$worker" -"$server" 2>/dev/null
  wait "$worker" "$server" 2>/dev/null
}
trap 'stop; exit 130' INT TERM
# Whichever ends first (a crash, or Ctrl-C reaching it first), the other follows.
wait -n "$worker" "$server"
status=$?
stop
exit "$status"
