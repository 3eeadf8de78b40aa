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
