#!/usr/bin/env bash
# Compile the interface's translations (locale/*/LC_MESSAGES/django.po -> .mo), installing
# Debian's gettext first when msgfmt is missing. Run by `make run` and scripts/run-tests.sh;
# in production, run it (or `manage.py compilemessages`) on each release.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh

command -v msgfmt >/dev/null || apt_install gettext
for catalogue in locale/*/LC_MESSAGES/*.po; do
  # --check refuses a catalogue whose placeholders differ from the English ones.
  msgfmt --check -o "${catalogue%.po}.mo" "$catalogue"
done
