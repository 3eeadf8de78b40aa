#!/bin/sh
# Crash-point test, in the manner of curl's torture tests: every write,
# rename and fsync that collect, render and bundle make is made to fail in
# turn (the faultfs shim), and also the process is killed there (SIGKILL, as
# at a power cut).  After each, the evidence directory verifies and holds
# either the old state or the new one whole, and the next run works.
# Usage: tests/torture_test.sh QUOTACASE FAULTFS
qc=$1 faultfs=$2
. "$(dirname "$0")/lib.sh"
D=tests/data/logscan
I=tests/data/import
E=$T/ev
export ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=0
# One clock for every run: a manifest records its creation time, and the
# new state a faulted run is compared with must not change with the second.
export SOURCE_DATE_EPOCH=1768000000

# The state a directory is in: the checksum of its manifest (which names
# every file's checksum), or "missing".
state() { if [ -f "$1/manifest.json" ]; then sha256sum <"$1/manifest.json" | cut -c1-16; else echo missing; fi; }
# Runs "$@" with one fault; prints its exit code.
faulty() {
  op=$1 n=$2 kill=$3
  shift 3
  env LD_PRELOAD="$faultfs" "QC_FAULT_$op=$n" ${kill:+QC_FAULT_KILL=1} "$@" >"$T/out" 2>"$T/err"
  echo $?
}
# After a fault: the directory verifies and is in the old or the new state,
# nothing is left beside it, and what the next run needs still works.
check() {
  what=$1 old=$2 new=$3
  now=$(state "$E")
  if [ "$now" = "$old" ] || [ "$now" = "$new" ]; then ok; else bad "$what: state $now is neither old $old nor new $new"; fi
  if "$qc" verify --quiet "$E" >/dev/null 2>&1; then ok; else bad "$what: directory does not verify"; "$qc" verify "$E" | head -3; fi
}

fresh() {
  rm -rf "$E" "$E".tmp.* "$E".old.*
  "$qc" collect --quiet --out "$E" --region us-east-1 --logs $D/go_sdk.log --import $I/metric_data.json >/dev/null 2>&1
}

# --- collect --force over an existing directory ------------------------------
fresh
"$qc" collect --quiet --force --out "$E" --region us-east-1 --logs $D/boto3_traceback.log >/dev/null 2>&1
new=$(state "$E")
for op in WRITE RENAME FSYNC; do
  for kill in "" 1; do
    n=1
    while [ $n -le 40 ]; do
      fresh
      old=$(state "$E")
      rc=$(faulty $op $n "$kill" "$qc" collect --quiet --force --out "$E" --region us-east-1 --logs $D/boto3_traceback.log)
      check "collect $op $n${kill:+ kill}" "$old" "$new"
      [ "$rc" -eq 0 ] && break
      n=$((n + 1))
    done
    [ $n -gt 1 ] && ok || bad "collect $op: no fault was ever hit"
  done
done

# --- render ------------------------------------------------------------------
for op in WRITE RENAME FSYNC; do
  for kill in "" 1; do
    n=1
    while [ $n -le 60 ]; do
      fresh
      old=$(state "$E")
      rc=$(faulty $op $n "$kill" "$qc" render --quiet --now 2026-01-13T00:00:00Z "$E")
      now=$(state "$E")
      if [ "$rc" -eq 0 ]; then
        check "render $op $n (no fault)" "$old" "$now"
        break
      fi
      # Not the old state? Then it must be the complete new one.
      check "render $op $n${kill:+ kill}" "$old" "$now"
      if [ "$now" != "$old" ]; then
        for f in model.json support_case.md support_case.html support_case.txt evidence_summary.txt evidence.xlsx; do
          [ -f "$E/$f" ] && ok || bad "render $op $n: new state without $f"
        done
      fi
      if "$qc" render --quiet --now 2026-01-13T00:00:00Z "$E" >/dev/null 2>&1; then ok; else bad "render $op $n: the next render fails"; fi
      if ls -d "$E".tmp.* >/dev/null 2>&1; then bad "render $op $n: a staging directory is left after the next run"; else ok; fi
      n=$((n + 1))
    done
    [ $n -gt 1 ] && ok || bad "render $op: no fault was ever hit"
  done
done

# --- bundle ------------------------------------------------------------------
fresh
"$qc" render --quiet --now 2026-01-13T00:00:00Z "$E" >/dev/null 2>&1
"$qc" bundle "$E" >/dev/null 2>&1
# An older bundle of other content, so a mixed pair would show.
cp "$E.tar.gz" "$T/good.tar.gz"
cp "$E.tar.gz.sha256" "$T/good.sha256"
for op in WRITE RENAME FSYNC; do
  for kill in "" 1; do
    n=1
    while [ $n -le 30 ]; do
      printf 'x' >>"$E.tar.gz" # a stale archive that its old .sha256 no longer describes
      sha256sum "$E.tar.gz" | sed "s|  .*|  $(basename "$E").tar.gz|" >"$E.tar.gz.sha256"
      rc=$(faulty $op $n "$kill" "$qc" bundle "$E")
      if [ -f "$E.tar.gz" ] && [ -f "$E.tar.gz.sha256" ]; then
        if (cd "$T" && sha256sum -c --quiet "$E.tar.gz.sha256" >/dev/null 2>&1); then ok
        else bad "bundle $op $n${kill:+ kill}: the archive's .sha256 describes another archive"; fi
      else
        ok # one of the two is missing: nothing describes what is not there
      fi
      if ls "$T"/.ev.tar.gz.tmp.* >/dev/null 2>&1 && [ "$rc" -eq 0 ]; then bad "bundle $op $n: temporary file left"; else ok; fi
      [ "$rc" -eq 0 ] && break
      n=$((n + 1))
    done
  done
done
"$qc" bundle "$E" >/dev/null 2>&1
expect 0 "$qc" verify "$E.tar.gz"

finish torture
