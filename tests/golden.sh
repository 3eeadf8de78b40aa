#!/bin/sh
# Data-driven tests: every input file under tests/data/<suite>/ is run through
# `quotacase debug <scan|import>` and its output compared byte for byte with
# <input>.expected (success) or <input>.expected-error (exit code and stderr).
# Extra arguments for one input go in <input>.args.
#
#   tests/golden.sh QUOTACASE SUITE [CASE]       check
#   tests/golden.sh QUOTACASE SUITE --regen      rewrite every expected file
# Run from the repository root: paths in the output are relative to it.
set -u
qc=$1 suite=$2 only=${3:-}
case $suite in
  logscan) sub=scan ;;
  import) sub=import ;;
  *) echo "golden.sh: unknown suite $suite" >&2; exit 2 ;;
esac
dir=tests/data/$suite
fail=0 n=0
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
for input in "$dir"/*; do
  case $input in *.expected|*.expected-error|*.args) continue ;; esac
  name=${input##*/}
  [ -n "$only" ] && [ "$only" != --regen ] && [ "$only" != "$name" ] && continue
  args=
  [ -f "$input.args" ] && args=$(cat "$input.args")
  # shellcheck disable=SC2086
  "$qc" debug $sub $args "$input" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  if [ $rc -eq 0 ]; then
    got=$tmp/out want=$input.expected
  else
    { echo "exit $rc"; cat "$tmp/err"; } >"$tmp/errfile"
    got=$tmp/errfile want=$input.expected-error
  fi
  n=$((n + 1))
  if [ "$only" = --regen ]; then
    rm -f "$input.expected" "$input.expected-error"
    cp "$got" "$want"
    continue
  fi
  if [ ! -f "$want" ]; then
    echo "FAIL $input: no $want (exit $rc)"; fail=$((fail + 1)); continue
  fi
  if ! cmp -s "$got" "$want"; then
    echo "FAIL $input: output differs from $want"
    diff -u "$want" "$got" | head -40
    fail=$((fail + 1))
  fi
done
[ "$only" = --regen ] && { echo "regenerated $n expected files in $dir"; exit 0; }
[ $n -gt 0 ] || { echo "FAIL: no cases in $dir"; exit 1; }
echo "$suite: $((n - fail)) passed, $fail failed"
[ $fail -eq 0 ]
