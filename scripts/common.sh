# Shared by scripts/run-tests.sh and scripts/bench.sh (sourced, not run): messages,
# installing Debian packages, and the project's virtualenv.

say() { printf '==> %s\n' "$*"; }

# Install Debian packages; only root can, anyone else is told what to run.
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

# Install the Debian packages named, if any, plus python3-venv when .venv cannot be
# made without it (Debian ships ensurepip separately).
install_missing() {
  local packages=("$@")
  [ -x .venv/bin/python ] || python3 -c 'import ensurepip' 2>/dev/null || packages+=(python3-venv)
  ((${#packages[@]})) || return 0
  if [[ " ${packages[*]} " == *" postgresql-15 "* ]]; then
    # Debian's package must not create (and start) its default "main" cluster: we only
    # ever run throwaway ones (scripts/pg-cluster.sh).
    mkdir -p /etc/postgresql-common/createcluster.d
    echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.d/no-main-cluster.conf
  fi
  apt_install "${packages[@]}"
}

# Create .venv and install requirements-dev.txt when a requirements file changed. The
# stamp is the Makefile's too, so pip only runs when needed.
ensure_venv() {
  local stamp=.venv/.requirements-dev.stamp
  if [ ! -x .venv/bin/python ]; then
    say "Creating .venv"
    python3 -m venv .venv
  fi
  if [ ! -f "$stamp" ] || [ requirements.txt -nt "$stamp" ] || [ requirements-dev.txt -nt "$stamp" ]; then
    say "Installing requirements-dev.txt into .venv"
    .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
    touch "$stamp"
  fi
}
