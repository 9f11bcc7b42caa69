#!/usr/bin/env bash
# Runs a command with a private PostgreSQL server on a free loopback port,
# for the PostgreSQL benchmarks:
#
#   bench/with_postgres.sh -- build-bench/bench/dchat_message_store_benchmark
#
# The command receives DCHAT_BENCH_POSTGRES, a libpq connection string of
# an empty database. The cluster lives in a temporary folder, runs with
# fsync on (the default, as in production), and is stopped and deleted when
# the command ends. As root, the server runs as the "postgres" OS user,
# because PostgreSQL rejects root. Binaries come from $DCHAT_POSTGRES_BINDIR
# or else the newest /usr/lib/postgresql/<version>/bin.
set -euo pipefail

die() { printf 'with_postgres.sh: %s\n' "$*" >&2; exit 1; }

[[ ${1:-} == -- ]] && shift
[[ $# -gt 0 ]] || die "missing command; usage: bench/with_postgres.sh -- COMMAND [ARGS...]"

bin_dir=${DCHAT_POSTGRES_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[[ -x $bin_dir/initdb ]] ||
  die "no initdb in '${bin_dir:-/usr/lib/postgresql/<version>/bin}': install Debian's postgresql package or set DCHAT_POSTGRES_BINDIR"

# As root, every server step runs as the postgres user, who must own the
# folder.
as_server=()
dir=$(mktemp -d "${TMPDIR:-/tmp}/dchat-bench-pg-XXXXXX")
if [[ $(id -u) -eq 0 ]]; then
  id postgres >/dev/null 2>&1 || die "running as root needs the 'postgres' OS user to run the server"
  chown postgres: "$dir"
  as_server=(runuser -u postgres --)
fi

stop() {
  "${as_server[@]}" "$bin_dir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

"${as_server[@]}" "$bin_dir/initdb" -D "$dir/data" -U postgres -A trust >"$dir/initdb.log" 2>&1 ||
  die "initdb failed: $(tail -n 5 "$dir/initdb.log")"

# A port that was free a moment ago may be taken before the server binds
# it, so a start that fails is retried on another port.
for attempt in 1 2 3; do
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  if "${as_server[@]}" "$bin_dir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir" start >/dev/null; then
    break
  fi
  [[ $attempt -lt 3 ]] || die "PostgreSQL did not start: $(tail -n 5 "$dir/server.log")"
done

export DCHAT_BENCH_POSTGRES="host=127.0.0.1 port=$port dbname=postgres user=postgres"
"$@"
