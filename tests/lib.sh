# Helpers for the shell tests (sourced).  Each test counts passes and
# failures and ends with "NAME: N passed, M failed".
set -u
pass=0 fail=0
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
export SOURCE_DATE_EPOCH=1768300000
unset AWS_REGION AWS_DEFAULT_REGION

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
# expect CODE CMD...: runs CMD with stdout in $T/out and stderr in $T/err.
expect() {
  want=$1; shift
  "$@" >"$T/out" 2>"$T/err"
  got=$?
  if [ "$got" -eq "$want" ]; then ok; else bad "exit $got, want $want: $*"; cat "$T/err"; fi
}
contains() { if grep -q -- "$2" "$1"; then ok; else bad "$1 lacks '$2'"; head -5 "$1"; fi; }
lacks() { if grep -rq -- "$2" "$1"; then bad "$1 contains '$2'"; else ok; fi; }
same() { if cmp -s "$1" "$2"; then ok; else bad "$1 and $2 differ"; fi; }
lines() { n=$(wc -l <"$1"); if [ "$n" -eq "$2" ]; then ok; else bad "$1 has $n lines, want $2"; fi; }
is() { if [ "$1" = "$2" ]; then ok; else bad "$3: got '$1', want '$2'"; fi; }
jq_py() { /usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }
finish() {
  echo "$1: $pass passed, $fail failed"
  [ "$fail" -eq 0 ]
}
# aws_server SECONDS: starts the local AWS-compatible endpoint (tests/aws_server.py,
# stopping by itself after SECONDS) on a free port, stopped when the test ends;
# sets EP and exports AWS_ENDPOINT_URL.  ctl PATH JSON posts to its control endpoints.
aws_server() {
  /usr/bin/python3 "$(dirname "$0")/aws_server.py" "$T/port" "$1" &
  server=$!
  trap 'kill $server 2>/dev/null; rm -rf "$T"' EXIT
  i=0
  while [ ! -s "$T/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
  port=$(cat "$T/port")
  EP=http://127.0.0.1:$port
  export AWS_ENDPOINT_URL=$EP
}
ctl() { /usr/bin/python3 -c "import sys,urllib.request; urllib.request.urlopen(urllib.request.Request(sys.argv[1], data=sys.argv[2].encode(), method='POST'))" "$EP/$1" "$2"; }
