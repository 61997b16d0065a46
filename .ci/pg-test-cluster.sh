# Sourced by .ci/run: a throw-away PostgreSQL cluster on 127.0.0.1 for the backend's real
# concurrency tests. Installs Debian's `postgresql` when no server binaries exist, runs initdb +
# pg_ctl in a temp dir (as the `postgres` user when we are root: initdb refuses root), creates
# a database and exports ZTA_TEST_DATABASE_URL. An already-set ZTA_TEST_DATABASE_URL is kept.
# On any failure it warns and leaves the variable unset (those tests then report themselves
# skipped, with the reason) rather than failing CI for an environment problem.

zta_pg_bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$d" ] && [ -x "$d/initdb" ] && echo "$d"
}

zta_pg_start() {
  if [ -n "${ZTA_TEST_DATABASE_URL:-}" ]; then
    echo "ci: using ZTA_TEST_DATABASE_URL from the environment"
    return 0
  fi
  local bindir
  bindir=$(zta_pg_bindir) || true
  if [ -z "$bindir" ]; then
    echo "ci: installing Debian package: postgresql"
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql; }; then
      echo "ci: WARNING: could not install postgresql; the real-PostgreSQL tests will be skipped" >&2
      return 0
    fi
    bindir=$(zta_pg_bindir) || true
    [ -n "$bindir" ] || { echo "ci: WARNING: postgresql installed but no initdb found" >&2; return 0; }
  fi
  local port
  port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
  ZTA_PG_DIR=$(mktemp -d /tmp/zta-pg.XXXXXX)
  local as=()
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$ZTA_PG_DIR"
    as=(runuser -u postgres --)
  fi
  ZTA_PG_AS="${as[*]}"
  ZTA_PG_BINDIR="$bindir"
  if ! "${as[@]}" "$bindir/initdb" -D "$ZTA_PG_DIR/data" -U postgres -A trust --no-sync >"$ZTA_PG_DIR/initdb.log" 2>&1; then
    echo "ci: WARNING: initdb failed (see $ZTA_PG_DIR/initdb.log); real-PostgreSQL tests will be skipped" >&2
    return 0
  fi
  if ! "${as[@]}" "$bindir/pg_ctl" -D "$ZTA_PG_DIR/data" -l "$ZTA_PG_DIR/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $ZTA_PG_DIR -c fsync=off -c max_connections=200" start >/dev/null; then
    echo "ci: WARNING: PostgreSQL did not start (see $ZTA_PG_DIR/server.log); real-PostgreSQL tests will be skipped" >&2
    return 0
  fi
  ZTA_PG_STARTED=1
  "${as[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres zta_test
  export ZTA_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/zta_test"
  echo "ci: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (ZTA_TEST_DATABASE_URL exported)"
}

zta_pg_stop() {
  if [ -n "${ZTA_PG_STARTED:-}" ]; then
    # shellcheck disable=SC2086
    $ZTA_PG_AS "$ZTA_PG_BINDIR/pg_ctl" -D "$ZTA_PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  [ -n "${ZTA_PG_DIR:-}" ] && rm -rf "$ZTA_PG_DIR"
  return 0
}
