#!/bin/sh
# A log larger than the scanner's window (several MiB, records straddling
# every chunk boundary, plain and gzip): every record the generator wrote is
# found once, and each event's first line is the file's line at its number.
set -u
qc=$1 gen=$2
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
"$gen" 13 >"$T/big.log" 2>"$T/gen.err" || exit 2
want=$(sed -n 's/.* \([0-9]*\) throttling records$/\1/p' "$T/gen.err")
gzip -c "$T/big.log" >"$T/big.log.gz"
fail=0
for f in big.log big.log.gz; do
  "$qc" debug scan "$T/$f" >"$T/out.json" || { echo "FAIL: scan $f"; fail=$((fail + 1)); continue; }
  /usr/bin/python3 - "$T/out.json" "$T/big.log" "$want" <<'PY' || fail=$((fail + 1))
import json, sys
doc = json.load(open(sys.argv[1]))
lines = open(sys.argv[2], encoding="utf-8").read().split("\n")
want = int(sys.argv[3])
evs = doc["events"]
bad = 0
if len(evs) != want:
    print(f"FAIL: {len(evs)} events, want {want}"); bad += 1
if doc["stats"]["lines"] != len(lines) - 1:
    print(f"FAIL: {doc['stats']['lines']} lines, want {len(lines) - 1}"); bad += 1
for e in evs:
    n = int(e["source"].rsplit(":", 1)[1])
    first = e["text"].split("\n")[0]
    if lines[n - 1] != first:
        print(f"FAIL: {e['source']}: line is {lines[n - 1][:60]!r}, event starts {first[:60]!r}"); bad += 1
        break
    if e["model_id"] == "unknown" or e["time"] is None:
        print(f"FAIL: {e['source']}: model or time missing"); bad += 1
        break
sys.exit(1 if bad else 0)
PY
done
echo "large_scan: $((2 - fail)) passed, $fail failed"
[ $fail -eq 0 ]
