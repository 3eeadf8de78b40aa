#!/bin/sh
# Golden test of the demo: `quotacase demo` run in a scratch directory that
# sees the repository's examples/ must write exactly the files committed in
# evidence/example/, byte for byte.  Regenerate with `quotacase demo` from
# the repository root (bin path: build/quotacase) and review the diff.
set -u
qc=$1
root=$(pwd)
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
fail=0 n=0 seen=
ln -s "$root/examples" "$T/examples"
# A template change must show here: the test renders with the source tree's
# templates (the binary has them built in; a stale build is caught too).
(cd "$T" && "$qc" demo >"$T/demo.out" 2>"$T/demo.err") || { echo "FAIL: demo exited non-zero"; exit 1; }
# It shows what submit would send for the example, sending nothing.
n=$((n + 1))
grep -q "^dry run: nothing is sent" "$T/demo.out" && grep -q "^  8\. support AddCommunicationToCase" "$T/demo.out" ||
  { echo "FAIL: demo does not show submit --dry-run"; fail=$((fail + 1)); }
# It ends by saying what to open and what to attach.
n=$((n + 1))
grep -q "open evidence/example/support_case.html; attach it, evidence/example/evidence.xlsx and evidence/example.tar.gz" \
  "$T/demo.err" || { echo "FAIL: demo does not say what to open and attach"; fail=$((fail + 1)); }
for f in "$root"/evidence/example/* "$T"/evidence/example/* \
         "$root"/evidence/example.tar.gz* "$T"/evidence/example.tar.gz*; do
  name=${f#"$root"/}
  name=${name#"$T"/}
  case " $seen " in *" $name "*) continue ;; esac
  seen="$seen $name"
  n=$((n + 1))
  if [ ! -f "$root/$name" ]; then echo "FAIL: $name is new (not committed)"; fail=$((fail + 1))
  elif [ ! -f "$T/$name" ]; then echo "FAIL: $name is no longer written"; fail=$((fail + 1))
  elif ! cmp -s "$root/$name" "$T/$name"; then
    echo "FAIL: $name differs"; diff -u "$root/$name" "$T/$name" | head -20
    fail=$((fail + 1))
  fi
done
# Only the demo's example is kept under evidence/: any other committed
# evidence directory is a stray of some run (and may hold account data).
if git -C "$root" rev-parse --git-dir >/dev/null 2>&1; then
  stray=$(git -C "$root" ls-files evidence | grep -v -e '^evidence/example/' -e '^evidence/example\.tar\.gz' | head -3)
  n=$((n + 1))
  if [ -n "$stray" ]; then echo "FAIL: stray committed evidence: $stray"; fail=$((fail + 1)); fi
fi
echo "demo_golden: $((n - fail)) passed, $fail failed"
[ $fail -eq 0 ] && [ $n -gt 0 ]
