#!/usr/bin/env bash
# Starts the five dchat gRPC servers (and, with --ui, the web server) on
# free loopback ports with fresh data in a temporary folder. Prints where
# each listens, its process id, how long it took to be ready and its idle
# memory. Stops them all on exit.
#
#   bench/run_system.sh                   # serve until Ctrl-C
#   bench/run_system.sh -- COMMAND ...    # run COMMAND against them, then stop
#
# COMMAND gets DCHAT_GATEWAY (HOST:PORT), DCHAT_UI (HOST:PORT, with --ui)
# and DCHAT_SERVER_PIDS (name=pid,... for dchat-load --server-pid); the
# script exits with its status. Options:
#   --build-dir DIR           where the servers were built (default build-bench)
#   --history-messages N      fill room "history" with N messages before start
#   --ui                      also start dchat-ui
#   --keep-data               keep the data folder instead of removing it
# Server flags can be set through their DCHAT_* environment variables, such
# as DCHAT_WORKER_THREADS=8.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

build_dir=$root/build-bench
history_messages=0
with_ui=0
keep_data=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --build-dir)
      [[ -d ${2:-} ]] || { echo "run_system.sh: build folder '${2:-}' not found; build it first (docs/benchmarks.md, section Build)" >&2; exit 2; }
      build_dir=$(cd "$2" && pwd); shift 2 ;;
    --history-messages) history_messages=$2; shift 2 ;;
    --ui) with_ui=1; shift ;;
    --keep-data) keep_data=1; shift ;;
    --) shift; break ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    *) echo "run_system.sh: unknown option '$1'; see --help" >&2; exit 2 ;;
  esac
done

servers=$build_dir/servers
for name in user room message presence gateway; do
  [[ -x $servers/dchat-$name ]] ||
    { echo "run_system.sh: $servers/dchat-$name is missing: build it first" >&2; exit 1; }
done

data_dir=$(mktemp -d "${TMPDIR:-/tmp}/dchat-bench-XXXXXX")
mkdir -p "$data_dir/logs"
pids=()
cleanup() {
  trap - INT TERM EXIT
  if [[ ${#pids[@]} -gt 0 ]]; then
    kill -TERM "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
  if [[ $keep_data -eq 1 ]]; then
    echo "data and logs kept in $data_dir" >&2
  else
    rm -rf "$data_dir"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# Starts server $1 (binary $2) with the remaining arguments and waits, for
# up to 10 s, for its start log line "started on HOST:PORT". Sets $address
# and $ready_ms, and records the pid.
start() {
  local name=$1 binary=$2 log=$data_dir/logs/$1.log started
  shift 2
  started=$(now_ms)
  "$binary" --listen 127.0.0.1:0 "$@" >"$log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  eval "${name}_pid=$pid"
  for _ in $(seq 2000); do
    address=$(sed -n 's/.* started on \([^ ]*:[0-9]*\) .*/\1/p' "$log" | head -n 1)
    if [[ -n $address ]]; then
      ready_ms=$(( $(now_ms) - started ))
      eval "${name}_address=$address ${name}_ready_ms=$ready_ms"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || { echo "dchat-$name exited at start:" >&2; cat "$log" >&2; exit 1; }
    sleep 0.005
  done
  echo "dchat-$name did not start within 10 s; see $log" >&2
  exit 1
}

if [[ $history_messages -gt 0 ]]; then
  echo "filling room 'history' with $history_messages messages" >&2
  "$build_dir/bench/dchat-bench-fill" --data-dir "$data_dir" --room history \
    --messages "$history_messages" >&2
fi

start user "$servers/dchat-user" --data-dir "$data_dir"
start room "$servers/dchat-room" --data-dir "$data_dir"
start message "$servers/dchat-message" --data-dir "$data_dir"
start presence "$servers/dchat-presence"
start gateway "$servers/dchat-gateway" --user "$user_address" --room "$room_address" \
  --message "$message_address" --presence "$presence_address"
names=(user room message presence gateway)
if [[ $with_ui -eq 1 ]]; then
  ui_binary=$servers/dchat-ui
  [[ -x $ui_binary ]] || ui_binary=$servers/ui/dchat-ui
  [[ -x $ui_binary ]] || { echo "run_system.sh: dchat-ui is missing in $servers: build it first" >&2; exit 1; }
  start ui "$ui_binary" --gateway "$gateway_address"
  names+=(ui)
fi

# Idle memory, once the servers have settled for a second.
sleep 1
server_pids=""
printf '%-9s %-21s %8s %9s %12s\n' server address pid ready_ms idle_rss_kib >&2
for name in "${names[@]}"; do
  eval "pid=\$${name}_pid address=\$${name}_address ready_ms=\$${name}_ready_ms"
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")
  printf '%-9s %-21s %8s %9s %12s\n' "$name" "$address" "$pid" "$ready_ms" "$rss" >&2
  server_pids+=${server_pids:+,}$name=$pid
done

export DCHAT_GATEWAY=$gateway_address
export DCHAT_SERVER_PIDS=$server_pids
[[ $with_ui -eq 1 ]] && export DCHAT_UI=$ui_address

if [[ $# -gt 0 ]]; then
  status=0
  "$@" || status=$?
  exit $status
fi

cat >&2 <<TEXT

export DCHAT_GATEWAY=$DCHAT_GATEWAY
export DCHAT_SERVER_PIDS=$DCHAT_SERVER_PIDS
Press Ctrl-C to stop; logs are in $data_dir/logs.
TEXT
wait -n "${pids[@]}" || true
echo "a server exited; see $data_dir/logs" >&2
