# Sourced by scripts/test.sh: a throwaway PostgreSQL server for the tests.
#
#   source scripts/postgres.sh
#   postgres_start      # installs Debian's postgresql when missing, starts a server in a
#                       # temporary folder on a free loopback port, exports its URL as
#                       # SALESCOACH_TEST_POSTGRES_URL
#   postgres_stop       # stops it and removes the folder (test.sh runs it from a trap)
#
# initdb and pg_ctl refuse to run as root: as root the server runs as the unprivileged user
# salescoach-test (created when missing) and owns only its temporary folder.

POSTGRES_USER_NAME="salescoach-test"
POSTGRES_DIR=""

postgres_bindir() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
    fi
  done | sort -V | tail -n 1
}

postgres_install() {
  if [ -n "$(postgres_bindir)" ]; then
    return 0
  fi
  echo "installing Debian's postgresql for the coaching-store tests" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
}

postgres_as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u "$POSTGRES_USER_NAME" -- "$@"
  else
    "$@"
  fi
}

postgres_start() {
  postgres_install || return 1
  local bindir port
  bindir="$(postgres_bindir)"
  if [ -z "$bindir" ]; then
    echo "postgresql is not installed (no /usr/lib/postgresql/*/bin/initdb)" >&2
    return 1
  fi
  if [ "$(id -u)" = 0 ] && ! id "$POSTGRES_USER_NAME" >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin "$POSTGRES_USER_NAME"
  fi
  POSTGRES_DIR="$(mktemp -d /tmp/salescoach-postgres.XXXXXX)"
  chmod 755 "$POSTGRES_DIR"
  if [ "$(id -u)" = 0 ]; then chown "$POSTGRES_USER_NAME" "$POSTGRES_DIR"; fi
  port="$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  postgres_as_owner "$bindir/initdb" -D "$POSTGRES_DIR/data" -U salescoach --auth=trust \
    --encoding=UTF8 --locale=C.UTF-8 >"$POSTGRES_DIR/initdb.log" 2>&1 || {
    cat "$POSTGRES_DIR/initdb.log" >&2
    return 1
  }
  postgres_as_owner "$bindir/pg_ctl" -D "$POSTGRES_DIR/data" -l "$POSTGRES_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$POSTGRES_DIR -c fsync=off -c max_connections=200" \
    start >/dev/null || {
    cat "$POSTGRES_DIR/server.log" >&2
    return 1
  }
  export SALESCOACH_TEST_POSTGRES_URL="postgresql://salescoach@127.0.0.1:$port/postgres"
  echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') for the tests on 127.0.0.1:$port" >&2
}

postgres_stop() {
  if [ -n "$POSTGRES_DIR" ] && [ -d "$POSTGRES_DIR/data" ]; then
    postgres_as_owner "$(postgres_bindir)/pg_ctl" -D "$POSTGRES_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  if [ -n "$POSTGRES_DIR" ]; then
    rm -rf "$POSTGRES_DIR"
  fi
  POSTGRES_DIR=""
}
