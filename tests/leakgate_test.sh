#!/bin/sh
# The leak gate: verify and bundle refuse evidence that still holds anything
# secret-shaped - in a plain file, inside the workbook, inside a bundle -
# naming file, line and kind but never the value.  Secrets are planted after
# the fact (the redactor would catch them before) and the manifest is
# resealed, so only the gate can object.  Run from the repository root.
qc=$1
. "$(dirname "$0")/lib.sh"

# Built here so that no secret-shaped literal sits in the source tree.
KEYID=AKIA$(printf 'QZ%.0s' 1 2 3 4 5 6 7 8)
MAIL=jane.roe$(printf '\100')corp.example.com
RAND=$(/usr/bin/python3 -c "import random, string; r = random.Random(7); \
print(''.join(r.choice(string.ascii_letters + string.digits) for _ in range(32)))")

# reseal DIR: the manifest lists every file of DIR with its sha256 and size now.
reseal() {
  /usr/bin/python3 - "$1" <<'EOF'
import hashlib, json, os, sys
d = sys.argv[1]
mp = os.path.join(d, 'manifest.json')
m = json.load(open(mp))
listed = {f['name'] for f in m['files']}
for name in sorted(os.listdir(d)):
    if name != 'manifest.json' and name not in listed:
        m['files'].append({'name': name})
for f in m['files']:
    b = open(os.path.join(d, f['name']), 'rb').read()
    f['sha256'], f['bytes'] = hashlib.sha256(b).hexdigest(), len(b)
json.dump(m, open(mp, 'w'), indent=2)
EOF
}
# put DIR FILE LINE TEXT: TEXT appended to line LINE of DIR/FILE.
put() {
  /usr/bin/python3 - "$@" <<'EOF'
import sys
p, n, text = sys.argv[1] + '/' + sys.argv[2], int(sys.argv[3]), sys.argv[4]
lines = open(p).read().split('\n')
lines[n - 1] += text
open(p, 'w').write('\n'.join(lines))
EOF
}
# put_xlsx DIR TEXT: TEXT into the first cell of the workbook's first sheet,
# entries rewritten with zipfile; prints the line of the sheet it lands on.
put_xlsx() {
  /usr/bin/python3 - "$@" <<'EOF'
import os, sys, zipfile
p, text, e = sys.argv[1] + '/evidence.xlsx', sys.argv[2].encode(), 'xl/worksheets/sheet1.xml'
zi = zipfile.ZipFile(p)
zo = zipfile.ZipFile(p + '.new', 'w', zipfile.ZIP_DEFLATED)
for i in zi.infolist():
    b = zi.read(i.filename)
    if i.filename == e:
        at = b.index(b'</t>')
        b = b[:at] + b' ' + text + b[at:]
        print(b[:at].count(b'\n') + 1)
    zo.writestr(i, b)
zo.close()
os.replace(p + '.new', p)
EOF
}
# tgz DIR OUT: a bundle as `bundle` would make it (quotacase refuses to),
# entries under the case id, with its .sha256 beside it.
tgz() {
  /usr/bin/python3 - "$@" <<'EOF'
import hashlib, json, os, sys, tarfile
d, out = sys.argv[1], sys.argv[2]
case = json.load(open(os.path.join(d, 'manifest.json')))['case_id']
with tarfile.open(out, 'w:gz') as t:
    for name in sorted(os.listdir(d)):
        t.add(os.path.join(d, name), arcname=case + '/' + name)
h = hashlib.sha256(open(out, 'rb').read()).hexdigest()
open(out + '.sha256', 'w').write(h + '  ' + os.path.basename(out) + '\n')
EOF
}
# no_secret FILE...: none of the planted values is printed.
no_secret() {
  for f in "$@"; do
    for s in "$KEYID" "$MAIL" "$RAND"; do lacks "$f" "$s"; done
  done
}

# --- clean evidence passes: the shipped example and a fresh demo --------------
expect 0 "$qc" verify evidence/example
contains "$T/out" "ok: nothing secret-shaped in"
expect 0 "$qc" demo --out "$T/clean/ev"
C=$T/clean/ev
expect 0 "$qc" verify "$C"
contains "$T/out" "ok: nothing secret-shaped in"
expect 0 "$qc" verify "$C.tar.gz"
contains "$T/out" "ok: nothing secret-shaped in"
expect 0 "$qc" verify --quiet "$C"
is "$(cat "$T/out")" "" "--quiet prints nothing on success"

# --- planted in plain files: verify names file:line: kind, exit 10 -------------
cp -r "$C" "$T/leaky"
L=$T/leaky
put "$L" throttling_errors.txt 12 " caller $KEYID"
put "$L" support_case.md 3 " write to $MAIL"
put "$L" evidence_summary.txt 5 " $RAND"
reseal "$L"
expect 10 "$qc" verify "$L"
contains "$T/out" "files match the manifest"
contains "$T/out" "^throttling_errors.txt:12: aws-key-id$"
contains "$T/out" "^support_case.md:3: email$"
contains "$T/out" "^evidence_summary.txt:5: high-entropy$"
lines "$T/out" 4
contains "$T/err" "3 secret-shaped findings in 3 files"
lines "$T/err" 1
no_secret "$T/out" "$T/err"

# --- bundle refuses and writes nothing -------------------------------------
mkdir -p "$T/out.d"
expect 10 "$qc" bundle --out "$T/out.d/leaky.tar.gz" "$L"
contains "$T/err" "evidence_summary.txt:5: high-entropy"
contains "$T/err" "no bundle written"
is "$(ls -A "$T/out.d")" "" "nothing written beside the refused bundle"
expect 10 "$qc" bundle "$L"
if [ -e "$L.tar.gz" ] || [ -e "$L.tar.gz.sha256" ]; then bad "bundle written"; else ok; fi
no_secret "$T/out" "$T/err"

# --- a changed file and a leak: both reported, the checksum's exit code ---------
cp -r "$C" "$T/both"
put "$T/both" throttling_errors.txt 7 " $KEYID"
expect 5 "$qc" verify "$T/both"
contains "$T/out" "changed: throttling_errors.txt"
contains "$T/out" "^throttling_errors.txt:7: aws-key-id$"
no_secret "$T/out" "$T/err"

# --- inside the workbook ----------------------------------------------------------
cp -r "$C" "$T/book"
n=$(put_xlsx "$T/book" "$MAIL")
reseal "$T/book"
expect 10 "$qc" verify "$T/book"
contains "$T/out" "^evidence.xlsx!xl/worksheets/sheet1.xml:$n: email$"
lines "$T/out" 2
no_secret "$T/out" "$T/err"

# --- a chart picture: its pixels are no text, its text chunks are ---------------
cp -r "$C" "$T/pic"
png=$(ls "$T/pic"/chart-*.png | head -1)
expect 0 "$qc" verify "$T/pic" # compressed pixels that happen to look like words are no finding
/usr/bin/python3 - "$png" "$MAIL" <<'PY'
import struct, sys, zlib
p, text = sys.argv[1], b"Author\0" + sys.argv[2].encode()
d = open(p, "rb").read()
chunk = struct.pack(">I", len(text)) + b"tEXt" + text + struct.pack(">I", zlib.crc32(b"tEXt" + text))
open(p, "wb").write(d[:33] + chunk + d[33:])  # after the signature and IHDR
PY
reseal "$T/pic"
expect 10 "$qc" verify "$T/pic"
contains "$T/out" "^$(basename "$png"):1: email$"
no_secret "$T/out" "$T/err"
# A text chunk of megabytes (longer than the scanner's window) is read to its end.
cp -r "$C" "$T/pic2"
png=$(ls "$T/pic2"/chart-*.png | head -1)
/usr/bin/python3 - "$png" "$MAIL" <<'PY'
import struct, sys, zlib
p = sys.argv[1]
text = b"Comment\0" + (b"plain words of a long comment\n" * 100000) + sys.argv[2].encode()
d = open(p, "rb").read()
chunk = struct.pack(">I", len(text)) + b"tEXt" + text + struct.pack(">I", zlib.crc32(b"tEXt" + text))
open(p, "wb").write(d[:33] + chunk + d[33:])
PY
reseal "$T/pic2"
expect 10 "$qc" verify "$T/pic2"
contains "$T/out" "^$(basename "$png"):100001: email$"
no_secret "$T/out" "$T/err"

# --- inside a bundle, the workbook inside it too ------------------------------
cp -r "$T/book" "$T/case-b"
put "$T/case-b" throttling_errors.txt 12 " $KEYID"
reseal "$T/case-b"
tgz "$T/case-b" "$T/b.tar.gz"
expect 10 "$qc" verify "$T/b.tar.gz"
contains "$T/out" "files match the manifest"
case_id=$(jq_py "$T/case-b/manifest.json" "d['case_id']")
contains "$T/out" "^b.tar.gz!$case_id/throttling_errors.txt:12: aws-key-id$"
contains "$T/out" "^b.tar.gz!$case_id/evidence.xlsx!xl/worksheets/sheet1.xml:$n: email$"
contains "$T/err" "2 secret-shaped findings in 2 files"
no_secret "$T/out" "$T/err"

# --- a file named with a secret: shown with the kind in its place -------------
cp -r "$C" "$T/named"
echo "notes" >"$T/named/notes-$KEYID.txt"
reseal "$T/named"
expect 10 "$qc" verify "$T/named"
contains "$T/out" "^notes-\[aws-key-id\].txt: name: aws-key-id$"
contains "$T/out" "^manifest.json:[0-9]*: aws-key-id$"
contains "$T/err" "2 secret-shaped findings in 2 files"
no_secret "$T/out" "$T/err"
tgz "$T/named" "$T/named.tar.gz"
expect 10 "$qc" verify "$T/named.tar.gz"
case_id=$(jq_py "$T/named/manifest.json" "d['case_id']")
contains "$T/out" "^named.tar.gz!$case_id/notes-\[aws-key-id\].txt: name: aws-key-id$"
no_secret "$T/out" "$T/err"

# --- no findings: what the redactor writes in place of a secret, a count under
# a secret's key, a path through a random directory name ---------------------------
DIRNAME=$(/usr/bin/python3 -c "import random, string; r = random.Random(3); \
print(''.join(r.choice(string.ascii_letters + string.digits) for _ in range(10)))")
cp -r "$C" "$T/ph"
put "$T/ph" throttling_errors.txt 3 " [email-3] [aws-key-id-1] [prompt-2: 1532 chars, sha256 3f2a9c01]"
put "$T/ph" throttling_errors.txt 4 ' "secret_access_key": 0, "input": 43.2'
put "$T/ph" throttling_errors.txt 5 " /var/lib/ci/job.$DIRNAME/quiet-logs/supervisor.log:12"
reseal "$T/ph"
expect 0 "$qc" verify "$T/ph"
# ... but a random token with a '/' in it (base64 has them) is one.
put "$T/ph" throttling_errors.txt 6 " $(echo "$RAND" | cut -c1-16)/$(echo "$RAND" | cut -c17-)"
reseal "$T/ph"
expect 10 "$qc" verify "$T/ph"
contains "$T/out" "^throttling_errors.txt:6: high-entropy$"
lines "$T/out" 2

# --- a line longer than the scan window, lines counted past it; at most 50 listed
cp -r "$C" "$T/long"
/usr/bin/python3 - "$T/long/support_case.txt" "$KEYID" "$MAIL" <<'EOF'
import sys
p, key, mail = sys.argv[1:]
s = open(p).read().split('\n')
s[1] += ' word' * 300000 + ' ' + key + ' word' * 300000
s[3] += ' ' + mail
s += ['%d %s' % (i, mail) for i in range(60)]
open(p, 'w').write('\n'.join(s) + '\n')
EOF
reseal "$T/long"
expect 10 "$qc" verify "$T/long"
contains "$T/out" "^support_case.txt:2: aws-key-id$"
contains "$T/out" "^support_case.txt:4: email$"
is "$(grep -c ': email$' "$T/out")" 49 "listed findings capped at 50"
contains "$T/out" "(12 more findings not listed)"
contains "$T/err" "62 secret-shaped findings in 1 file"
no_secret "$T/out" "$T/err"

finish leakgate
