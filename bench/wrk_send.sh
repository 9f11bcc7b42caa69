#!/usr/bin/env bash
# Measures dchat-ui's POST /send with wrk: registers one user through the
# form endpoint, then has wrk send 40-byte messages with that session
# cookie over keep-alive connections (10 by default).
#
#   bench/wrk_send.sh 127.0.0.1:5000              # wrk -t2 -c10 -d10s
#   bench/wrk_send.sh 127.0.0.1:5000 -t2 -c10 -d30s
#
# Only loopback addresses are accepted.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

case ${1:-} in
  -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
  '') echo "usage: wrk_send.sh HOST:PORT [wrk options]; see --help" >&2; exit 2 ;;
esac
ui=$1
shift
case ${ui%:*} in
  127.*|localhost|\[::1\]) ;;
  *) echo "wrk_send.sh: $ui is not a loopback address; load tests run against this machine only" >&2
     exit 2 ;;
esac
[[ $# -gt 0 ]] || set -- -t2 -c10 -d10s

# wrk and curl come from Debian; installed here when missing.
source "$root/scripts/lib.sh"
dchat_install_packages wrk curl

# The form endpoint signs the new user in and responds with the cookie.
user=wrk$(date +%s%N | tail -c 9)
cookie=$(curl -s -o /dev/null -D - --data-urlencode "username=$user" \
  --data-urlencode "password=wrk-password-$user" "http://$ui/register" |
  sed -n 's/^[Ss]et-[Cc]ookie: \(dchat_session=[^;]*\).*/\1/p' | tr -d '\r')
[[ -n $cookie ]] || { echo "wrk_send.sh: registering $user at http://$ui/register gave no session cookie" >&2; exit 1; }

# The first send joins the room, so it goes before the measurement.
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" --data "message=hello" "http://$ui/send")
[[ $status == 204 ]] || { echo "wrk_send.sh: the first POST /send returned HTTP $status, expected 204" >&2; exit 1; }

DCHAT_COOKIE=$cookie exec wrk "$@" --latency -s "$root/bench/wrk/send.lua" "http://$ui/send"
