#!/usr/bin/env bash
# End-to-end test of the dchat CLI against the five reference servers,
# started here on free loopback ports with a temporary data folder and a
# temporary XDG_CONFIG_HOME.
#
# Usage: cli_e2e_test.sh DCHAT DCHAT_USER DCHAT_ROOM DCHAT_MESSAGE DCHAT_PRESENCE DCHAT_GATEWAY
#
# Every wait is bounded, and every process started here is stopped on exit.
# Prints one line per check and ends with "N passed, N failed".
set -uo pipefail

if [[ $# -ne 6 ]]; then
  echo "usage: $0 DCHAT DCHAT_USER DCHAT_ROOM DCHAT_MESSAGE DCHAT_PRESENCE DCHAT_GATEWAY" >&2
  exit 2
fi
dchat_bin=$1
declare -A server_bin=([user]=$2 [room]=$3 [message]=$4 [presence]=$5 [gateway]=$6)

work=$(mktemp -d "${TMPDIR:-/tmp}/dchat-cli-e2e.XXXXXX")
declare -A server_pid=()
declare -A server_port=()
background_pids=()
passed=0
failed=0

# Stops every process started here and removes the temporary folder; the
# server logs are printed first when a check failed.
cleanup() {
  local pid
  for pid in "${background_pids[@]}" "${server_pid[@]}"; do
    kill -TERM "$pid" 2>/dev/null
  done
  for pid in "${background_pids[@]}" "${server_pid[@]}"; do
    for _ in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null
  done
  if [[ $failed -gt 0 ]]; then
    for log in "$work"/*.log; do
      echo "---- $(basename "$log") (last 20 lines)"
      tail -n 20 "$log"
    done
  fi
  rm -rf "$work"
}
trap cleanup EXIT

pass() {
  passed=$((passed + 1))
  echo "PASS: $1"
}

fail() {
  failed=$((failed + 1))
  echo "FAIL: $1"
}

# Runs "$@" every 0.1 s until it succeeds or SECONDS seconds have passed.
wait_until() {
  local seconds=$1
  shift
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    [[ $SECONDS -ge $deadline ]] && return 1
    sleep 0.1
  done
}

# Waits up to SECONDS for process PID to exit and stores its exit code in
# $exit_code; 124 when it is still running, after killing it.
wait_for_exit() {
  local pid=$1 seconds=$2
  if ! wait_until "$seconds" bash -c "! kill -0 $pid 2>/dev/null"; then
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    exit_code=124
    return
  fi
  wait "$pid"
  exit_code=$?
}

# Starts dchat-NAME on 127.0.0.1:PORT (0 picks a free port) and waits for
# its "started on" log line, which names the port actually bound.
start_server() {
  local name=$1 port=$2
  shift 2
  # A restarted server logs to a new file, so that the first run's log stays.
  local log="$work/$name.log" run=1
  while [[ -e $log ]]; do
    run=$((run + 1))
    log="$work/$name-$run.log"
  done
  "${server_bin[$name]}" --listen "127.0.0.1:$port" "$@" >>"$log" 2>&1 &
  server_pid[$name]=$!
  if ! wait_until 15 grep -q 'started on 127\.0\.0\.1:[0-9]*' "$log"; then
    echo "dchat-$name did not start within 15 s:" >&2
    cat "$log" >&2
    exit 1
  fi
  server_port[$name]=$(grep -o 'started on 127\.0\.0\.1:[0-9]*' "$log" | head -n 1 | sed 's/.*://')
}

start_gateway() {
  start_server gateway "$1" \
    --user "127.0.0.1:${server_port[user]}" --room "127.0.0.1:${server_port[room]}" \
    --message "127.0.0.1:${server_port[message]}" \
    --presence "127.0.0.1:${server_port[presence]}"
}

stop_server() {
  local name=$1
  kill -TERM "${server_pid[$name]}" 2>/dev/null
  wait_for_exit "${server_pid[$name]}" 15
  unset "server_pid[$name]"
}

# Runs the CLI with a bound on its run time; stdout and stderr go to
# $work/out and $work/err, the exit code to $exit_code.
run_dchat() {
  timeout 60 "$dchat_bin" "$@" >"$work/out" 2>"$work/err"
  exit_code=$?
}

# Evaluates a Python expression over the JSON document in FILE, bound to d.
json_true() {
  python3 - "$1" "$2" <<'PYTHON'
import json, sys
with open(sys.argv[1]) as f:
    d = json.load(f)
sys.exit(0 if eval(sys.argv[2]) else 1)
PYTHON
}

# Evaluates a Python expression over the JSON lines in FILE, bound to the
# list `lines` and to `messages`, the message objects among them.
json_lines_true() {
  python3 - "$1" "$2" <<'PYTHON'
import json, sys
with open(sys.argv[1]) as f:
    lines = [json.loads(line) for line in f if line.strip()]
messages = [line["message"] for line in lines if "message" in line]
sys.exit(0 if eval(sys.argv[2]) else 1)
PYTHON
}

# Checks that the last command exited with CODE and wrote exactly one
# stderr line, starting with "dchat: " and containing TEXT.
check_error() {
  local name=$1 code=$2 text=$3
  local lines
  lines=$(wc -l <"$work/err")
  if [[ $exit_code -ne $code ]]; then
    fail "$name: exit code $exit_code, expected $code; stderr: $(cat "$work/err")"
  elif [[ $lines -ne 1 ]]; then
    fail "$name: $lines stderr lines, expected 1: $(cat "$work/err")"
  elif ! grep -q '^dchat: ' "$work/err" || ! grep -qF -- "$text" "$work/err"; then
    fail "$name: stderr lacks '$text': $(cat "$work/err")"
  else
    pass "$name"
  fi
}

expect_ok() {
  local name=$1
  shift
  run_dchat "$@"
  if [[ $exit_code -eq 0 ]]; then
    pass "$name"
  else
    fail "$name: exit code $exit_code; stderr: $(cat "$work/err")"
  fi
}

# --- Servers and environment ---------------------------------------------

mkdir -p "$work/data" "$work/config" "$work/home"
start_server user 0 --data-dir "$work/data"
start_server room 0 --data-dir "$work/data"
start_server message 0 --data-dir "$work/data"
start_server presence 0
start_gateway 0
gateway_port=${server_port[gateway]}

export HOME="$work/home"
export XDG_CONFIG_HOME="$work/config"
export DCHAT_GATEWAY="127.0.0.1:$gateway_port"
unset DCHAT_PROFILE
echo "servers: gateway 127.0.0.1:$gateway_port; data in $work/data"

# --- Accounts and credentials ----------------------------------------------

printf 'alice-password\n' >"$work/alice.pw"
printf 'bob-password\n' >"$work/bob.pw"
expect_ok "register alice" register alice --password-stdin <"$work/alice.pw"
expect_ok "register bob" register bob --display-name "Bob B" --password-stdin <"$work/bob.pw"
expect_ok "login alice" login alice --password-stdin <"$work/alice.pw"
expect_ok "login bob with a profile" --profile bob login bob --password-stdin <"$work/bob.pw"

credentials="$XDG_CONFIG_HOME/dchat/credentials-default.json"
if [[ $(stat -c %a "$credentials" 2>/dev/null) == 600 ]]; then
  pass "credentials file has mode 0600"
else
  fail "credentials file mode is '$(stat -c %a "$credentials" 2>&1)', expected 600"
fi
if [[ $(stat -c %a "$XDG_CONFIG_HOME/dchat" 2>/dev/null) == 700 ]]; then
  pass "credentials folder has mode 0700"
else
  fail "credentials folder mode is '$(stat -c %a "$XDG_CONFIG_HOME/dchat" 2>&1)', expected 700"
fi
if json_true "$credentials" \
  'd["username"] == "alice" and len(d["token"]) > 0 and d["gateway"].endswith(":'"$gateway_port"'") and d["expires_at"].endswith("Z")'; then
  pass "credentials file holds the session"
else
  fail "credentials file content: $(cat "$credentials")"
fi

run_dchat --json whoami
if [[ $exit_code -eq 0 ]] && json_true "$work/out" 'd["user"]["username"] == "alice"'; then
  pass "whoami names alice"
else
  fail "whoami: exit $exit_code: $(cat "$work/out" "$work/err")"
fi
run_dchat --profile bob --json whoami
if [[ $exit_code -eq 0 ]] && json_true "$work/out" 'd["user"]["display_name"] == "Bob B"'; then
  pass "whoami with profile names bob"
else
  fail "whoami --profile bob: exit $exit_code: $(cat "$work/out" "$work/err")"
fi

# --- A scripted two-user chat ----------------------------------------------

expect_ok "alice creates a room" room create team --topic "the team"
expect_ok "bob joins the room" --profile bob room join team
expect_ok "alice sends" send team hello bob
expect_ok "bob replies" --profile bob send team hi alice
run_dchat --json history team
if [[ $exit_code -eq 0 ]] && json_true "$work/out" \
  '[(m["seq"], m["sender_username"], m["text"]) for m in d["messages"]] == [(1, "alice", "hello bob"), (2, "bob", "hi alice")]'; then
  pass "history shows the chat in order"
else
  fail "history of the chat: exit $exit_code: $(cat "$work/out" "$work/err")"
fi
run_dchat history team
if [[ $exit_code -eq 0 ]] && grep -q '^\[[0-9-]* [0-9:]*\] #team 2 bob: hi alice$' "$work/out"; then
  pass "history prints readable lines"
else
  fail "readable history: $(cat "$work/out" "$work/err")"
fi
run_dchat --profile bob --json room members team
if [[ $exit_code -eq 0 ]] && json_true "$work/out" \
  'sorted(m["username"] for m in d["members"]) == ["alice", "bob"]'; then
  pass "room members lists both users"
else
  fail "room members: exit $exit_code: $(cat "$work/out" "$work/err")"
fi

# --- Batch send and idempotent re-run --------------------------------------

expect_ok "alice creates the batch room" room create batch
seq 1 1000 | sed 's/^/line /' >"$work/lines.txt"
expect_ok "batch send of 1000 lines" send batch - --idempotency-prefix run-1 <"$work/lines.txt"

history_is_1_to_1000() {
  json_true "$1" 'len(d["messages"]) == 1000 and [m["seq"] for m in d["messages"]] == list(range(1, 1001)) and [m["text"] for m in d["messages"]] == ["line %d" % i for i in range(1, 1001)] and d["last_seq"] == 1000'
}
run_dchat --json history batch --limit 5000
if [[ $exit_code -eq 0 ]] && history_is_1_to_1000 "$work/out"; then
  pass "history has lines 1 to 1000 in order, once each"
else
  fail "history after the batch: exit $exit_code: $(head -c 300 "$work/out") $(cat "$work/err")"
fi

expect_ok "batch re-run with the same prefix" send batch - --idempotency-prefix run-1 <"$work/lines.txt"
run_dchat --json history batch --limit 5000
if [[ $exit_code -eq 0 ]] && history_is_1_to_1000 "$work/out"; then
  pass "batch re-run stores nothing new"
else
  fail "history after the re-run: exit $exit_code: $(head -c 300 "$work/out") $(cat "$work/err")"
fi

run_dchat --json history batch --after 500 --limit 3
if [[ $exit_code -eq 0 ]] && json_true "$work/out" '[m["seq"] for m in d["messages"]] == [501, 502, 503]'; then
  pass "history --after reads forwards"
else
  fail "history --after: exit $exit_code: $(cat "$work/out" "$work/err")"
fi

# --- follow --count with live messages --------------------------------------

follow_out="$work/follow-count.jsonl"
"$dchat_bin" --json follow team --count 3 >"$follow_out" 2>"$work/follow-count.err" &
follow_pid=$!
background_pids+=("$follow_pid")
if wait_until 15 grep -q '"ready"' "$follow_out"; then
  expect_ok "bob sends live 1" --profile bob send team live one
  expect_ok "alice sends live 2" send team live two
  expect_ok "bob sends live 3" --profile bob send team live three
  wait_for_exit "$follow_pid" 20
  if [[ $exit_code -eq 0 ]] && json_lines_true "$follow_out" \
    '[m["text"] for m in messages] == ["live one", "live two", "live three"]'; then
    pass "follow --count 3 prints the live messages and exits 0"
  else
    fail "follow --count: exit $exit_code: $(cat "$follow_out" "$work/follow-count.err")"
  fi
else
  fail "follow did not report its stream ready within 15 s: $(cat "$work/follow-count.err")"
fi

# --- follow resumes across a gateway restart ---------------------------------

# A second gateway on the same services carries messages while the first
# one is down, so the follower must catch up on them from its cursor.
standby_log="$work/gateway-standby.log"
"${server_bin[gateway]}" --listen 127.0.0.1:0 \
  --user "127.0.0.1:${server_port[user]}" --room "127.0.0.1:${server_port[room]}" \
  --message "127.0.0.1:${server_port[message]}" \
  --presence "127.0.0.1:${server_port[presence]}" >"$standby_log" 2>&1 &
background_pids+=("$!")
wait_until 15 grep -q 'started on 127\.0\.0\.1:[0-9]*' "$standby_log"
standby="127.0.0.1:$(grep -o 'started on 127\.0\.0\.1:[0-9]*' "$standby_log" | head -n 1 | sed 's/.*://')"

follow_out="$work/follow-resume.jsonl"
"$dchat_bin" --json follow team --count 10 >"$follow_out" 2>"$work/follow-resume.err" &
follow_pid=$!
background_pids+=("$follow_pid")
if wait_until 15 grep -q '"ready"' "$follow_out"; then
  for i in 1 2 3 4; do run_dchat -q send team "before $i"; done
  wait_until 15 bash -c "[[ \$(grep -c '\"message\"' '$follow_out') -ge 4 ]]"

  stop_server gateway
  for i in 1 2 3; do run_dchat --gateway "$standby" -q --profile bob send team "during $i"; done
  if [[ $exit_code -eq 0 ]]; then
    pass "messages sent through the second gateway"
  else
    fail "send through the second gateway: $(cat "$work/err")"
  fi

  start_gateway "$gateway_port"
  if wait_until 30 bash -c "[[ \$(grep -c '\"ready\"' '$follow_out') -ge 2 ]]"; then
    pass "follow reconnects to the restarted gateway"
  else
    fail "follow did not reconnect within 30 s: $(cat "$work/follow-resume.err")"
  fi
  for i in 1 2 3; do run_dchat -q send team "after $i"; done

  wait_for_exit "$follow_pid" 20
  if [[ $exit_code -eq 0 ]] && json_lines_true "$follow_out" \
    '[m["text"] for m in messages] == ["before 1", "before 2", "before 3", "before 4", "during 1", "during 2", "during 3", "after 1", "after 2", "after 3"] and [m["seq"] for m in messages] == list(range(messages[0]["seq"], messages[0]["seq"] + 10))'; then
    pass "follow resumes with no gap and no duplicate"
  else
    fail "follow across the restart: exit $exit_code: $(cat "$follow_out" "$work/follow-resume.err")"
  fi
else
  fail "follow did not report its stream ready within 15 s: $(cat "$work/follow-resume.err")"
fi

# --- follow ends cleanly on Ctrl-C -------------------------------------------

"$dchat_bin" follow team >"$work/follow-int.out" 2>"$work/follow-int.err" &
follow_pid=$!
background_pids+=("$follow_pid")
wait_until 15 grep -q 'following #team' "$work/follow-int.err"
kill -INT "$follow_pid"
wait_for_exit "$follow_pid" 10
if [[ $exit_code -eq 0 ]]; then
  pass "follow exits 0 on SIGINT"
else
  fail "follow after SIGINT: exit $exit_code: $(cat "$work/follow-int.err")"
fi

# --- Exit codes and error lines ----------------------------------------------

run_dchat send
check_error "usage error exits 2" 2 "run 'dchat send --help'"
run_dchat room bogus
check_error "unknown command exits 2" 2 "bogus"
run_dchat room lst
check_error "mistyped command suggests the closest" 2 "did you mean 'dchat room list'?"
run_dchat history team --limt 3
check_error "mistyped option suggests the closest" 2 "did you mean '--limit'?"
run_dchat --gateway no-port-here room list
check_error "gateway without a port exits 2" 2 "invalid gateway address 'no-port-here'"
run_dchat --timeout 5x room list
check_error "invalid duration exits 2" 2 "invalid duration '5x'"
run_dchat login alice </dev/null
check_error "login without a terminal or --password-stdin exits 2" 2 "--password-stdin"

run_dchat --profile nobody room list
check_error "not logged in exits 3" 3 "run 'dchat --profile nobody login USERNAME'"
printf 'wrong-password\n' >"$work/wrong.pw"
run_dchat --profile wrong login alice --password-stdin <"$work/wrong.pw"
check_error "wrong password exits 3" 3 "cannot log in as 'alice'"

expect_ok "alice creates a private room" room create secret --private
run_dchat --profile bob room join secret
check_error "joining a private room exits 4" 4 "cannot join room 'secret'"
run_dchat --profile bob send batch hello
check_error "sending to a room of others exits 4" 4 "run 'dchat --profile bob room join batch'"

run_dchat room info no-such-room
check_error "unknown room exits 5" 5 "cannot read room 'no-such-room'"

run_dchat room create team
check_error "taken room name exits 1" 1 "cannot create room 'team'"
run_dchat register alice --password-stdin <"$work/alice.pw"
check_error "taken username exits 1" 1 "cannot register user 'alice'"

stop_server gateway
run_dchat --timeout 2s room list
check_error "stopped gateway exits 6" 6 "is the gateway running at 127.0.0.1:$gateway_port?"
run_dchat health
check_error "health of a stopped gateway exits 6" 6 "not serving"
start_gateway "$gateway_port"

run_dchat health --service "127.0.0.1:${server_port[user]}" "127.0.0.1:${server_port[room]}" \
  "127.0.0.1:${server_port[message]}" "127.0.0.1:${server_port[presence]}"
if [[ $exit_code -eq 0 ]] && [[ $(grep -c ' SERVING$' "$work/out") -eq 5 ]]; then
  pass "health reports all five servers SERVING"
else
  fail "health: exit $exit_code: $(cat "$work/out" "$work/err")"
fi

# --- Logout -------------------------------------------------------------------

expect_ok "logout" logout
if [[ ! -e $credentials ]]; then
  pass "logout deletes the credentials file"
else
  fail "credentials file still exists after logout"
fi
run_dchat whoami
check_error "whoami after logout exits 3" 3 "not logged in"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
