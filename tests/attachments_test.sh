#!/bin/bash
# Attachments within AWS Support's limits on a large evidence set: 20 models
# over 14 days of 1-minute data (tests/gen_evidence.py), rendered and
# bundled.  The three files to attach (support_case.html, evidence.xlsx and
# the attachment archive) are each at most 5 MB; the attachment archive
# verifies, holds the manifest and model.json, and names every file it
# leaves out with the manifest's checksum; the full bundle verifies too.
# Usage: tests/attachments_test.sh QUOTACASE
set -uo pipefail
qc=$(realpath "$1")
cd "$(dirname "$0")/.."
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
check() { if eval "$2"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $1"; fi; }
LIMIT=5000000

/usr/bin/python3 tests/gen_evidence.py 20 14 "$T/ev" --quotacase "$qc" --case "$T/case.json" >/dev/null 2>&1
check "the generator made the evidence" '[ -f "$T/ev/manifest.json" ]'
"$qc" render --quiet --evidence "$T/ev" --case "$T/case.json" --now 2026-01-19T00:00:00Z >"$T/render.out" 2>&1
check "render succeeds" '[ $? -eq 0 ] || [ -f "$T/ev/support_case.html" ]'
# Twenty models make a case far over the console's 8,000 characters: the text
# for the console keeps what AWS needs, the key numbers of every model included.
/usr/bin/python3 - "$T/ev/support_case.txt" "$T/ev/model.json" <<'PY' || fail=$((fail + 1))
import json, sys
t = open(sys.argv[1], encoding="utf-8").read()
m = json.load(open(sys.argv[2]))
bad = [] if len(t) <= 8000 else ["support_case.txt is %d characters" % len(t)]
for part in ("REQUEST", "DEADLINE AND URGENCY", "CONTACT", "QUESTIONS", "ATTACHED:", "KEY NUMBERS"):
    if part not in t:
        bad.append("support_case.txt lost %s" % part)
for x in m["models"]:
    if x["has_metrics"] and x["model_id"] + ":" not in t:
        bad.append("support_case.txt lost the key numbers of %s" % x["model_id"])
for b in bad:
    print("FAIL: " + b)
sys.exit(1 if bad else 0)
PY
"$qc" bundle "$T/ev" >"$T/bundle.out" 2>&1
check "bundle succeeds" '[ -f "$T/ev.tar.gz" ]'
size() { stat -c %s "$1"; }
check "the full bundle passes 5 MB (else this test proves nothing)" '[ "$(size "$T/ev.tar.gz")" -gt $LIMIT ]'
check "an attachment archive is written" '[ -f "$T/ev.attach.tar.gz" ] && [ -f "$T/ev.attach.tar.gz.sha256" ]'
for f in "$T/ev/support_case.html" "$T/ev/evidence.xlsx" "$T/ev.attach.tar.gz"; do
  check "$(basename "$f") is at most 5 MB ($(size "$f") bytes)" '[ "$(size "$f")" -le $LIMIT ]'
done
check "bundle says what to attach" 'grep -q "attach ev.attach.tar.gz" "$T/bundle.out"'
"$qc" verify "$T/ev.attach.tar.gz" >"$T/verify.out" 2>&1
check "the attachment archive verifies" '[ $? -eq 0 ]'
check "verify counts the files held back" 'grep -q "more are held back" "$T/verify.out"'
"$qc" verify --quiet "$T/ev.tar.gz" >/dev/null 2>&1
check "the full bundle verifies" '[ $? -eq 0 ]'
/usr/bin/python3 - "$T" <<'PY' || fail=$((fail + 1))
import json, sys, tarfile
t = sys.argv[1]
with tarfile.open(t + "/ev.attach.tar.gz") as z:
    names = {m.name.split("/", 1)[1] for m in z.getmembers() if m.isfile()}
    held = json.load(z.extractfile("ev/held_back.json"))
manifest = json.load(open(t + "/ev/manifest.json"))
files = {f["name"]: f for f in manifest["files"]}
bad = []
for must in ("manifest.json", "model.json", "service_quotas_bedrock.json", "support_case.md",
             "support_case.txt", "evidence_summary.txt"):
    if must not in names:
        bad.append("%s is not in the attachment archive" % must)
for h in held["held_back"]:
    if h["name"] in names or files.get(h["name"], {}).get("sha256") != h["sha256"]:
        bad.append("held back %s: not the manifest's checksum" % h["name"])
listed = names | {h["name"] for h in held["held_back"]} | {"held_back.json"}
missing = set(files) - listed
if missing:
    bad.append("neither in the archive nor held back: %s" % sorted(missing))
model = json.load(open(t + "/ev/model.json"))
for mid in model["request"]["quota"]["models"]:
    slug = mid.replace(".", "-").replace(":", "-")
    if not any(n.startswith("chart-%s-" % slug) for n in names):
        bad.append("the charts of %s, the model the request is for, were held back" % mid)
if "next_steps.md" in names or "support_case.html" in names:
    bad.append("the user's next steps or the HTML attachment went into the archive")
import hashlib
full = hashlib.sha256(open(t + "/ev.tar.gz", "rb").read()).hexdigest()
if held["full_bundle"]["sha256"] != full:
    bad.append("held_back.json names another full bundle")
for b in bad:
    print("FAIL: " + b)
sys.exit(1 if bad else 0)
PY
[ $? -eq 0 ] && pass=$((pass + 1))
echo "attachments: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
