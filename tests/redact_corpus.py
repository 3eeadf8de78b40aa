#!/usr/bin/python3
"""Redaction corpus: secrets planted in every log form the scanner reads,
then collect, render and bundle, and nothing planted may come out.

The corpus is generated here, at test time, from a fixed seed: every secret
is built at run time (nothing secret-shaped is committed).  Each kind the
redactor knows (aws-key-id ... prompt, word) is planted in each log form
(botocore line, Python traceback, Go, JS/Node, Java stack trace, JSON lines,
JSON with the request as an escaped string, aws CLI stderr), before the
throttling text of its record and after it, in each variant that makes
sense for the kind: plain, inside escaped JSON (\\"Authorization\\": \\"...\\"),
URL-encoded in a URL (%2F), and with JSON's escaped slash (\\/).  Each record
holds one slot before its throttling text and one after it.  One JSON record
of about 40 KB has a key id straddling the 16 KB mark.

Checks (a failure line names the check, kind, form, variant and position):
  leak         no planted value, and no 12-character piece of one, in any
               file of the evidence, in the workbook's entries, in the
               bundle's entries, or in what the commands printed; prompts
               by their planted words
  found        every record is an event (events = records planted), with
               its time, model, message and max_tokens; its throttling
               message, model id and max_tokens still in throttling_errors.txt
  placeholder  each planted value is one [<kind>-<n>] in its record (a
               prompt [prompt-<n>: <len> chars, sha256 <8 hex>]); no file
               holds a placeholder throttling_errors.txt and the command
               line lack; the --redact word is a placeholder on the command line
  same-value   the same value the same placeholder in every record and
               file, different values different ones
  over         no placeholder of a kind not planted in the record
  context      the record's text is as written but for one placeholder per
               planted value: a redaction consumes the secret only
  counts       manifest.json "redactions": distinct values per kind
  map          the map beside the evidence (mode 0600, not in the bundle);
               a second collect with --redaction-map maps alike; its
               command line shows an e-mail of its --out path as a placeholder
  gate         verify passes the evidence and the bundle, and fails (10) a
               copy with a key id appended, naming file and kind, not value
  big          the 40 KB record is found and its key leaves no remnant

Usage: redact_corpus.py QUOTACASE [--keep DIR] [--all] [--seed N]
  --keep DIR   write the corpus and the evidence under DIR and keep them
  --all        print every failure line (default: the first 25 per check)"""
import base64
import calendar
import hashlib
import html
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from urllib.parse import quote, unquote

SEED = 20261130
BASE = calendar.timegm((2026, 11, 30, 10, 0, 0))  # the corpus's first second
START, END, NOW = "2026-11-30T10:00:00Z", "2026-11-30T12:00:00Z", "2026-11-30T13:00:00Z"

UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
LOWER = UPPER.lower()
DIGITS = "0123456789"
ALNUM = UPPER + LOWER + DIGITS
B32 = UPPER + "234567"
B64 = ALNUM + "+/"
B64URL = ALNUM + "-_"
HEX = "0123456789abcdef"

KINDS = ["aws-key-id", "aws-secret-key", "aws-session-token", "authorization", "aws-signature",
         "bearer-token", "jwt", "bedrock-api-key", "anthropic-key", "openai-key", "github-token",
         "slack-token", "google-api-key", "private-key", "password", "secret", "api-key", "token",
         "email", "phone", "ip", "prompt", "word", "high-entropy"]
PH_RE = re.compile(r"\[([a-z][a-z-]*[a-z])-(\d+)(?:: (\d+) chars, sha256 ([0-9a-f]{8}))?\]")
TOKEN_RE = re.compile(r"[A-Za-z0-9+/=_.~@!%-]{12,}")
TOKEN_CHARS = set(ALNUM + "+/=_.~@!%-")
WIN = 12

FORMS = ["boto", "traceback", "go", "js", "java", "jsonl", "jsonesc", "awscli"]
MULTILINE = {"traceback", "js", "java"}
JSONFORMS = {"jsonl", "jsonesc"}
MODELS = ["us.anthropic.claude-sonnet-4-5-20250929-v1:0", "anthropic.claude-3-5-haiku-20241022-v1:0",
          "amazon.nova-pro-v1:0", "us.meta.llama3-3-70b-instruct-v1:0"]
OPS = ["Converse", "InvokeModel", "ConverseStream", "InvokeModelWithResponseStream"]
PYOPS = {"Converse": "converse", "InvokeModel": "invoke_model", "ConverseStream": "converse_stream",
         "InvokeModelWithResponseStream": "invoke_model_with_response_stream"}
MESSAGES = ["Too many requests, please wait before trying again.",
            "Too many tokens, please wait before trying again."]

rng = random.Random(SEED)


def rs(alphabet, n):
    return "".join(rng.choice(alphabet) for _ in range(n))


def jesc(s):
    """s as the inside of a JSON string."""
    return json.dumps(s)[1:-1]


def short(s):
    return s[:4] + "…"


# ---- planted values ----

class Value:
    """One planted value.  `canon` is the value itself; `forms` the ways it
    was written into the logs; `parts` the pieces that must never come out
    (a compound value such as an Authorization header is secret only in its
    key id and signature); `fixed` how many leading characters of a part are
    a well-known prefix rather than secret."""
    n = 0

    def __init__(self, kind, canon, parts=None, fixed=0, counted=True, ci=False, words=()):
        Value.n += 1
        self.id = Value.n
        self.kind = kind
        self.canon = canon
        self.forms = set()
        self.parts = [(p, fixed if i == 0 else 0) for i, p in enumerate(parts if parts else [canon])]
        self.counted = counted  # counted in the manifest as a value of its own
        self.ci = ci
        self.words = list(words)  # prompts: planted words that must not come out
        self.where = []  # (record, slot) it was planted in
        self.placeholders = set()


ALL_VALUES = []


def value(*a, **k):
    v = Value(*a, **k)
    ALL_VALUES.append(v)
    return v


def key_id():
    return rng.choice(["AKIA", "ASIA"]) + rs(B32, 16)


def b64_with(n, need=""):
    """n characters of base64 holding each character of need."""
    s = list(rs(B64, n))
    for i, c in enumerate(need):
        s[3 + i * 7 % (n - 6)] = c
    return "".join(s)


def hex64():
    return rs(HEX, 64)


def pem():
    lines = []
    while len(lines) < 6:
        body = ("MIIEpAIBAAKCAQEA" + rs(B64, 48)) if not lines else rs(B64, 64)
        if len(lines) == 3 and "/" not in body:
            body = body[:20] + "/" + body[21:]
        # a line a timestamp parser could read would start a record of its own
        if re.search(r"(^|[+/=])\d{4}", body[:40]):
            continue
        lines.append(body)
    lines.append(rs(B64, 20) + "AB==")
    return "-----BEGIN RSA PRIVATE KEY-----\n" + "\n".join(lines) + "\n-----END RSA PRIVATE KEY-----", lines


def jwt():
    def b64u(b):
        return base64.urlsafe_b64encode(b).rstrip(b"=").decode()
    head = b64u(json.dumps({"kid": rs(ALNUM, 10), "alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    body = b64u(json.dumps({"sub": rs(ALNUM, 12), "iat": 1795000000 + rng.randrange(10 ** 6),
                            "scope": "bedrock"}, separators=(",", ":")).encode())
    return head + "." + body + "." + b64u(bytes(rng.randrange(256) for _ in range(32)))


def email():
    first = rng.choice(["maria", "joao", "priya", "wei", "olga", "tomas", "amara", "kenji"])
    last = rs(LOWER, 6)
    # no fixed run of 12 characters: two addresses share no 12-character piece
    dom = rs(LOWER, 5) + rng.choice(["-", ""]) + rs(LOWER, 4) + rng.choice([".com", ".io", ".net"])
    return "%s.%s%d@%s" % (first, last, rng.randrange(10, 99), dom)


def phone(i):
    d = lambda n: rs(DIGITS, n)
    return ["+1 415-555-0" + d(3), "+55 11 9" + d(4) + "-" + d(4), "(415) 555-0" + d(3)][i % 3]


def ipaddr(i):
    r = lambda a, b: rng.randrange(a, b)
    return ["10.%d.%d.%d" % (r(1, 250), r(1, 250), r(2, 250)), "203.0.113.%d" % r(2, 250),
            "192.168.%d.%d" % (r(1, 250), r(2, 250)), "172.%d.%d.%d" % (r(16, 31), r(1, 250), r(2, 250))][i % 4]


def pseudo_word(n=9):
    cons, vow = "bcdfghklmnprstvz", "aeiou"
    return "".join(rng.choice(cons) if i % 2 == 0 else rng.choice(vow) for i in range(n))


CLI_WORD = pseudo_word(9).capitalize()
FILE_WORD = pseudo_word(10).capitalize()
RE_PREFIX = rs(UPPER, 3)
RE_PATTERN = RE_PREFIX + "-[0-9]{4}-[A-Z]{2}"

# ---- what each kind looks like ----
#
# A payload is a dict of raw values ("v" the main one) plus the Value
# objects it plants.  Shapes take the payload's values, already encoded for
# where they go, and give text ("text" shapes: a plain-text log line) or a
# JSON member ("json" shapes) or a URL ("url" shapes).

def payload(kind, variant, i):
    """A new payload of `kind` for `variant` (i: how many came before)."""
    p = {"values": []}
    slash = variant in ("jslash", "url")

    def plant(k, raw, **kw):
        v = value(k, raw, **kw)
        p["values"].append(v)
        return v

    if kind == "aws-key-id":
        p["v"] = key_id()
        plant(kind, p["v"])
    elif kind == "aws-secret-key":
        need = "/+" if slash else ""
        s = b64_with(40, need)
        if i % 3 == 1:
            s = "/" + s[1:]
        elif i % 3 == 2:
            s = "+" + s[1:]
        p["v"] = s
        plant(kind, s)
    elif kind == "aws-session-token":
        p["v"] = "IQoJb3JpZ2luX2Vj" + b64_with(300 + rng.randrange(80), "/+") + rng.choice(["", "=", "=="])
        plant(kind, p["v"], fixed=16)
    elif kind == "authorization":
        kid, sig = key_id(), hex64()
        p["v"] = ("AWS4-HMAC-SHA256 Credential=%s/20261130/us-east-1/bedrock/aws4_request, "
                  "SignedHeaders=host;x-amz-date, Signature=%s" % (kid, sig))
        plant(kind, p["v"], parts=[kid, sig])
    elif kind == "aws-signature":
        p["v"] = hex64()
        plant(kind, p["v"])
        if variant == "url":
            p["kid"] = key_id()
            p["tok"] = "IQoJb3JpZ2luX2Vj" + b64_with(320, "/+") + "=="
            plant("aws-key-id", p["kid"])
            plant("aws-session-token", p["tok"], fixed=16)
    elif kind == "bearer-token":
        p["v"] = rs(B64URL, 48)
        plant(kind, p["v"])
    elif kind == "jwt":
        p["v"] = jwt()
        plant(kind, p["v"], fixed=8)
    elif kind == "bedrock-api-key":
        p["v"] = "ABSK" + b64_with(104, "/+" if slash else "") + "="
        plant(kind, p["v"], fixed=4)
    elif kind == "anthropic-key":
        p["v"] = "sk-ant-api03-" + rs(B64URL, 93) + "AA"
        plant(kind, p["v"], fixed=13)
    elif kind == "openai-key":
        p["v"] = ("sk-proj-" + rs(B64URL, 64)) if i % 2 == 0 else ("sk-" + rs(ALNUM, 48))
        plant(kind, p["v"], fixed=8)
    elif kind == "github-token":
        p["v"] = ("ghp_" + rs(ALNUM, 36)) if i % 2 == 0 else ("github_pat_" + rs(ALNUM, 22) + "_" + rs(ALNUM, 59))
        plant(kind, p["v"], fixed=11)
    elif kind == "slack-token":
        p["v"] = "xoxb-%s-%s-%s" % (rs(DIGITS, 12), rs(DIGITS, 13), rs(ALNUM, 24))
        plant(kind, p["v"], fixed=5)
    elif kind == "google-api-key":
        p["v"] = "AIza" + rs(B64URL, 35)
        plant(kind, p["v"], fixed=4)
    elif kind == "private-key":
        p["v"], body = pem()
        plant(kind, p["v"], parts=body, fixed=16)
    elif kind == "password":
        p["v"] = (rs(ALNUM, 9) + "@" + rs(ALNUM, 3) + "/" + rs(ALNUM, 2) + "+") if variant == "url" \
            else rs(ALNUM, 14) + rng.choice("-_.")
        plant(kind, p["v"])
    elif kind == "api-key":
        p["v"] = rs(LOWER + DIGITS, 32)
        plant(kind, p["v"])
    elif kind == "secret":
        p["v"] = rs(ALNUM + "_-", 36)
        plant(kind, p["v"])
    elif kind == "email":
        p["v"] = email()
        plant(kind, p["v"])
    elif kind == "phone":
        p["v"] = phone(i)
        d = re.sub(r"^\+\d+ |^\(", "", p["v"])
        plant(kind, p["v"], parts=[p["v"], d])
    elif kind == "ip":
        p["v"] = ipaddr(i)
        plant(kind, p["v"])
    elif kind == "prompt":
        words = [pseudo_word(rng.choice([8, 9, 10])) for _ in range(5)]
        mail = email()
        p["v"] = ("Summarise the %s %s figures for %s %s and/or %s, then send them to %s before Friday."
                  % tuple(words + [mail]))
        p["max_tokens"] = 256 + rng.randrange(8000)
        plant(kind, p["v"], words=words)
        plant("email", mail, counted=False)  # inside the prompt: goes with it
    elif kind in ("word-cli", "word-file"):
        # one word, planted everywhere: the same value in every record
        w = CLI_WORD if kind == "word-cli" else FILE_WORD
        if w not in SINGLETONS:
            SINGLETONS[w] = value("word", w, ci=True)
        p["v"] = w
        p["values"].append(SINGLETONS[w])
    elif kind == "word-re":
        p["v"] = "%s-%s-%s" % (RE_PREFIX, rs(DIGITS, 4), rs(UPPER, 2))
        plant("word", p["v"])
    else:
        raise ValueError(kind)
    return p


SINGLETONS = {}

S3 = "https://corp-backups.s3.us-east-1.amazonaws.com/report.csv"
SHAPES = {
    "aws-key-id": {
        "text": ["key {v}", "path=/{v}/rotate", "creds=+{v}", "keyid{v}", "s3://corp-backups/keys/{v}",
                 "principal user/{v}"],
        "json": ['"AccessKeyId": "{v}"', '"object": "s3://corp-backups/keys/{v}"', '"principal": "user/{v}"'],
        "url": [S3 + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential={v}%2F20261130%2Fus-east-1%2Fs3%2F"
                "aws4_request&X-Amz-Date=20261130T100000Z"]},
    "aws-secret-key": {
        "text": ["aws_secret_access_key={v}", "aws_secret_access_key = {v}", "secretAccessKey: '{v}'"],
        "json": ['"SecretAccessKey": "{v}"', '"aws_secret_access_key": "{v}"'],
        "url": ["https://sts-proxy.example.com/cb?aws_secret_access_key={v}&region=us-east-1"]},
    "aws-session-token": {
        "text": ["aws_session_token={v}", "X-Amz-Security-Token: {v}", "'X-Amz-Security-Token': b'{v}'"],
        "json": ['"SessionToken": "{v}"', '"X-Amz-Security-Token": "{v}"'],
        "url": [S3 + "?X-Amz-Security-Token={v}&X-Amz-Date=20261130T100000Z"]},
    "authorization": {
        "text": ["Authorization: {v}", "'Authorization': b'{v}'", "'Authorization': '{v}'"],
        "json": ['"Authorization": "{v}"', '"authorization": "{v}"']},
    "aws-signature": {
        "text": ["url=" + S3 + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20261130T100000Z&X-Amz-Signature={v}",
                 "X-Amz-Signature={v}"],
        "json": ['"url": "' + S3 + '?X-Amz-Date=20261130T100000Z&X-Amz-SignedHeaders=host&X-Amz-Signature={v}"',
                 '"X-Amz-Signature": "{v}"'],
        "url": [S3 + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential={kid}%2F20261130%2Fus-east-1%2Fs3%2F"
                "aws4_request&X-Amz-Date=20261130T100000Z&X-Amz-Expires=900&X-Amz-Security-Token={tok}"
                "&X-Amz-SignedHeaders=host&X-Amz-Signature={v}"]},
    "bearer-token": {"text": ["sent Bearer {v}", "upstream auth Bearer {v}"],
                     "json": ['"upstream": "Bearer {v}"']},
    "jwt": {"text": ["with {v}", "assertion {v}"], "json": ['"assertion": "{v}"', '"claims": "{v}"'],
            "url": ["https://sso.example.com/callback?assertion={v}&state=ok"]},
    "bedrock-api-key": {"text": ["using {v}", "bedrock key {v}"], "json": ['"bedrockKey": "{v}"'],
                        "url": ["https://gateway.example.com/v1/invoke?k={v}"]},
    "anthropic-key": {"text": ["fallback {v}", "llm={v}"], "json": ['"fallback": "{v}"']},
    "openai-key": {"text": ["fallback {v}", "llm={v}"], "json": ['"fallback": "{v}"']},
    "github-token": {"text": ["pushing with {v}", "gh={v}"], "json": ['"deployWith": "{v}"']},
    "slack-token": {"text": ["notifier {v}", "slack={v}"], "json": ['"notifier": "{v}"']},
    "google-api-key": {"text": ["maps {v}", "gmaps={v}"], "json": ['"maps": "{v}"'],
                       "url": ["https://maps.googleapis.com/maps/api/geocode/json?address=Lisbon&key={v}"]},
    "private-key": {"text": ["key='{v}'"], "json": ['"signing_key": "{v}"']},
    "password": {
        "text": ["https://deploy:{v}@git.example.com/corp/agent.git", "password={v}"],
        "json": ['"password": "{v}"', '"remote": "https://deploy:{v}@git.example.com/corp/agent.git"'],
        "url": ["https://deploy:{v}@git.example.com/corp/agent.git"]},
    "api-key": {"text": ["api_key={v}", "x-api-key: {v}"], "json": ['"api_key": "{v}"', '"apiKey": "{v}"'],
                "url": ["https://api.example.com/v1/items?api_key={v}&page=2"]},
    "secret": {"text": ["client_secret={v}"], "json": ['"client_secret": "{v}"'],
               "url": ["https://login.example.com/oauth2/authorize?client_id=agent&client_secret={v}"]},
    "email": {"text": ["owner {v}", "notify={v}"], "json": ['"email": "{v}"', '"owner": "{v}"'],
              "url": ["https://hooks.example.com/notify?to={v}&channel=ops"]},
    "phone": {"text": ["call {v}", "on-call phone {v}"], "json": ['"phone": "{v}"']},
    "ip": {"text": ["client {v}", "src_ip={v}"], "json": ['"sourceIp": "{v}"']},
    "prompt": {"json": [
        '"body": {{"max_tokens": {max_tokens}, "messages": [{{"role": "user", "content": "{v}"}}]}}',
        '"body": {{"prompt": "{v}", "max_tokens": {max_tokens}}}',
        '"body": {{"inputText": "{v}", "max_tokens": {max_tokens}}}',
        '"body": {{"system": "{v}", "max_tokens": {max_tokens}}}',
        '"response": {{"completion": "{v}"}}',
        '"response": {{"outputText": "{v}"}}']},
    "word-cli": {"text": ["project {v}", "tenant={v}"], "json": ['"tenant": "{v}"']},
    "word-file": {"text": ["project {v}", "tenant={v}"], "json": ['"tenant": "{v}"']},
    "word-re": {"text": ["ticket {v}", "change={v}"], "json": ['"ticket": "{v}"']},
}
VARIANTS = {
    "aws-key-id": ["plain", "escjson", "jslash", "url"],
    "aws-secret-key": ["plain", "escjson", "jslash", "url"],
    "aws-session-token": ["plain", "escjson", "jslash", "url"],
    "authorization": ["plain", "escjson", "jslash"],
    "aws-signature": ["plain", "escjson", "jslash", "url"],
    "bearer-token": ["plain", "escjson"],
    "jwt": ["plain", "escjson", "url"],
    "bedrock-api-key": ["plain", "escjson", "jslash", "url"],
    "anthropic-key": ["plain", "escjson"],
    "openai-key": ["plain", "escjson"],
    "github-token": ["plain", "escjson"],
    "slack-token": ["plain", "escjson"],
    "google-api-key": ["plain", "escjson", "url"],
    "private-key": ["plain", "escjson", "jslash"],
    "password": ["plain", "escjson", "jslash", "url"],
    "api-key": ["plain", "escjson", "url"],
    "secret": ["plain", "escjson", "url"],
    "email": ["plain", "escjson", "url"],
    "phone": ["plain", "escjson"],
    "ip": ["plain", "escjson"],
    "prompt": ["plain", "escjson", "jslash"],
    "word-cli": ["plain", "escjson"],
    "word-file": ["plain", "escjson"],
    "word-re": ["plain", "escjson"],
}


def kind_of(gkind):
    return "word" if gkind.startswith("word-") else gkind


class Slot:
    """One planted snippet: `text` for a plain-text line, `member` for a JSON
    object, `lines` (a PEM block) for the forms whose records span lines."""

    def __init__(self, gkind, variant, pos, form, p, text, member, lines=None):
        self.gkind, self.kind, self.variant, self.pos, self.form = gkind, kind_of(gkind), variant, pos, form
        self.p, self.text, self.member, self.lines = p, text, member, lines
        self.values = p["values"]
        # kinds this slot may leave placeholders of (a compound value may be split)
        self.touched = {v.kind for v in self.values}
        if self.kind == "authorization":
            self.touched |= {"aws-key-id", "aws-signature"}
        # kinds it must leave placeholders of: the values counted on their own
        self.required = {v.kind: v for v in self.values if v.counted}

    def cell(self):
        return "%s/%s %s.%s" % (self.gkind, self.variant, self.form, self.pos)


def fmt(shape, p, enc):
    vals = {k: enc(v) for k, v in p.items() if isinstance(v, str) and "{%s}" % k in shape}
    if "max_tokens" in p:
        vals["max_tokens"] = p["max_tokens"]
    return shape.format(**vals)


def make_slot(gkind, variant, pos, form, p, n):
    """The snippet of payload p: the n-th of its (kind, variant)."""
    sh = SHAPES[gkind]
    written = []  # [raw value, as it stands in the log]

    def enc(x, e):
        written.append([x, e])
        return e

    lines = None
    shape = None
    if variant == "plain":
        shapes = [("text", s) for s in sh.get("text", [])] + [("json", s) for s in sh.get("json", [])]
        if gkind == "private-key" and form in JSONFORMS:
            shapes = [("json", s) for s in sh["json"]]  # in JSON, a PEM block is one string
        style, shape = shapes[n % len(shapes)]
        if gkind == "private-key" and form in MULTILINE:
            lines = p["v"].split("\n")
            style, shape, text, member = "lines", None, None, None
            enc(p["v"], p["v"])
        elif style == "text":
            if gkind == "private-key":  # one line: the block as Python prints it
                text = fmt(shape, p, lambda x: enc(x, x.replace("\n", "\\n")))
            else:
                text = fmt(shape, p, lambda x: enc(x, x))
            member = '"detail": ' + json.dumps(text)
            if form in JSONFORMS:
                for w in written:
                    w[1] = jesc(w[1])
        else:
            text = member = fmt(shape, p, lambda x: enc(x, jesc(x)))
    elif variant == "escjson":
        shape = sh["json"][n % len(sh["json"])]
        inner = "{" + fmt(shape, p, lambda x: enc(x, jesc(x))) + "}"
        for w in written:
            w[1] = jesc(w[1])
        esc = jesc(inner)
        text = 'body="%s"' % esc
        member = '"body": "%s"' % esc
    elif variant == "jslash":
        cands = [s for s in sh["json"] if "/" in fmt(s, p, lambda x: x)]
        shape = cands[n % len(cands)]
        member = fmt(shape, p, lambda x: enc(x, jesc(x))).replace("/", "\\/")
        for w in written:
            w[1] = w[1].replace("/", "\\/")
        text = "payload={" + member + "}"
    elif variant == "url":
        shape = sh["url"][n % len(sh["url"])]
        u = fmt(shape, p, lambda x: enc(x, quote(x, safe="")))
        text = "url=" + u
        member = '"url": "%s"' % u
    else:
        raise ValueError(variant)
    if member is not None:
        json.loads("{" + member + "}")  # the generator's own check
    if form == "jsonesc":  # the member stands inside a JSON string: escaped once more
        for w in written:
            w[1] = jesc(w[1])
    s = Slot(gkind, variant, pos, form, p, text, member, lines)
    s.has_mt = "max_tokens" in p and (shape is None or "max_tokens" in shape)
    s.written = []
    for raw, final in written:
        v = next(v for v in s.values if v.canon == raw)
        v.forms.add(final)
        s.written.append((v, final))
    return s


# ---- records ----

class Record:
    def __init__(self, form, idx, before, after):
        self.form, self.idx, self.before, self.after = form, idx, before, after
        self.slots = [s for s in (before, after) if s]
        self.ms = (BASE + idx) * 1000 + (0 if form == "go" else (idx * 137) % 1000)
        self.model = MODELS[idx % len(MODELS)]
        if form == "java" and self.model.startswith("us."):
            self.model = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/" + self.model
        self.op = OPS[idx % len(OPS)]
        self.msg = MESSAGES[idx % 2]
        self.rid = "%08x-%04x-4%03x-a%03x-%012x" % (rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(12),
                                                     rng.getrandbits(12), rng.getrandbits(48))
        self.file = None
        self.line = None
        self.want_model = "unknown" if form == "awscli" else self.model
        self.want_time = None if form == "awscli" else self.ms

    def lines(self):
        return getattr(self, "_lines_" + self.form)()

    def skeleton(self, lines):
        """The record's text split at its planted values: what redaction
        must leave, with a placeholder in each gap."""
        text = "\n".join(lines)
        marks = sorted(((final, s) for s in self.slots for _, final in s.written), key=lambda x: -len(x[0]))
        owner = []
        for final, s in marks:
            assert final in text or any(final in f for f, _ in marks if f != final), \
                "generator: %s not written as planned" % s.cell()
            if final in text:
                text = text.replace(final, "\x00%d\x00" % len(owner))
                owner.append(s)
        parts = re.split("\x00(\\d+)\x00", text)
        self.segments = parts[0::2]
        self.gaps = [owner[int(i)] for i in parts[1::2]]
        self.plain_lines = not any(s.lines for s in self.slots)

    def _t(self, style):
        t = time.gmtime(self.ms // 1000)
        ms = self.ms % 1000
        if style == "boto":
            return time.strftime("%Y-%m-%d %H:%M:%S", t) + ",%03d" % ms
        if style == "java":
            return time.strftime("%Y-%m-%d %H:%M:%S", t) + ".%03d" % ms
        if style == "go":
            return time.strftime("%Y/%m/%d %H:%M:%S", t)
        return time.strftime("%Y-%m-%dT%H:%M:%S", t) + ".%03dZ" % ms

    def _b(self):
        return (" " + self.before.text) if self.before and self.before.text is not None else ""

    def _a(self):
        return (" " + self.after.text) if self.after and self.after.text is not None else ""

    def _blines(self):
        return self.before.lines if self.before and self.before.lines else []

    def _alines(self, prefix):
        if not self.after:
            return []
        if self.after.lines:
            return list(self.after.lines)
        return [prefix + self.after.text]

    def _lines_boto(self):
        return ["%s ERROR agent.worker call failed%s: An error occurred (ThrottlingException) when calling the %s "
                "operation (reached max retries: 4): %s modelId=%s%s"
                % (self._t("boto"), self._b(), self.op, self.msg, self.model, self._a())]

    def _lines_traceback(self):
        return (["%s ERROR agent.triage model call failed modelId=%s%s" % (self._t("boto"), self.model, self._b())]
                + self._blines() +
                ["Traceback (most recent call last):",
                 '  File "/srv/agent/triage.py", line 88, in call_model',
                 "    response = client.%s(modelId=model_id, messages=messages)" % PYOPS[self.op],
                 '  File "/usr/lib/python3/dist-packages/botocore/client.py", line 1023, in _make_api_call',
                 "    raise error_class(parsed_response, operation_name)",
                 "botocore.errorfactory.ThrottlingException: An error occurred (ThrottlingException) when calling "
                 "the %s operation (reached max retries: 4): %s" % (self.op, self.msg)]
                + self._alines("  context: "))

    def _lines_go(self):
        return ["%s worker 3:%s invoke failed: operation error Bedrock Runtime: %s, exceeded maximum number of "
                "attempts, 3, https response error StatusCode: 429, RequestID: %s, ThrottlingException: %s model=%s%s"
                % (self._t("go"), self._b(), self.op, self.rid, self.msg, self.model, self._a())]

    def _lines_js(self):
        tail = []
        if self.after and not self.after.lines:
            tail = ["  context: " + self.after.text]
        return (["%s ERROR invoke failed for %s%s" % (self._t("iso"), self.model, self._b())] + self._blines() +
                ["ThrottlingException: " + self.msg,
                 "    at de_ThrottlingExceptionRes (/app/node_modules/@aws-sdk/client-bedrock-runtime/dist-cjs/"
                 "index.js:1713:21)",
                 "    at async %sCommand (/app/node_modules/@smithy/middleware-serde/dist-cjs/index.js:35:20) {"
                 % self.op,
                 "  '$fault': 'client',",
                 "  '$metadata': {",
                 "    httpStatusCode: 429,",
                 "    requestId: '%s'," % self.rid,
                 "    attempts: 3,",
                 "    totalRetryDelay: 1873",
                 "  },"] + tail + ["}"] +
                (list(self.after.lines) if self.after and self.after.lines else []))

    def _lines_java(self):
        return (["%s ERROR [pool-2-thread-4] c.e.agent.ModelClient - converse failed for model %s%s"
                 % (self._t("java"), self.model, self._b())] + self._blines() +
                ["software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException: %s (Service: "
                 "BedrockRuntime, Status Code: 429, Request ID: %s) (SDK Attempt Count: 4)" % (self.msg, self.rid),
                 "\tat software.amazon.awssdk.services.bedrockruntime.DefaultBedrockRuntimeClient.converse("
                 "DefaultBedrockRuntimeClient.java:502)",
                 "\tat com.example.agent.ModelClient.call(ModelClient.java:77)"]
                + self._alines("\tcontext: "))

    def _lines_jsonl(self):
        m = ['"time":"%s"' % self._t("iso"), '"level":"error"', '"msg":"bedrock call failed"']
        if self.before:
            m.append(self.before.member)
        m += ['"modelId":"%s"' % self.model, '"operation":"%s"' % self.op,
              '"error":{"code":"ThrottlingException","message":"%s","status":429}' % self.msg,
              '"request_id":"%s"' % self.rid, '"attempt":3']
        if self.after:
            m.append(self.after.member)
        line = "{" + ",".join(m) + "}"
        json.loads(line)
        return [line]

    def _lines_jsonesc(self):
        req = '{"modelId": "%s", "anthropic_version": "bedrock-2023-05-31"%s}' % (
            self.model, (", " + self.before.member) if self.before else "")
        json.loads(req)
        line = ('{"time":"%s","level":"ERROR","logger":"gateway","modelId":"%s","operation":"%s","request":%s,'
                '"error":"ThrottlingException: %s","status":429%s}'
                % (self._t("iso"), self.model, self.op, json.dumps(req), self.msg,
                   (',"response":' + json.dumps("{" + self.after.member + "}")) if self.after else ""))
        json.loads(line)
        return [line]

    def _lines_awscli(self):
        b = (self.before.text + " ") if self.before else ""
        return ["%sAn error occurred (ThrottlingException) when calling the %s operation (reached max retries: 2): %s%s"
                % (b, self.op, self.msg, self._a())]


def separator(form, rec):
    """What comes between records: a line that ends the one before."""
    if form in JSONFORMS:
        return []
    if form == "awscli":
        return ["+ aws bedrock-runtime %s --model-id %s --messages file://msg.json"
                % (PYOPS[rec.op].replace("_", "-"), rec.model), ""]
    t = time.gmtime(rec.ms // 1000 - 1)
    stamp = {"boto": "%Y-%m-%d %H:%M:%S,000", "traceback": "%Y-%m-%d %H:%M:%S,000", "go": "%Y/%m/%d %H:%M:%S",
             "js": "%Y-%m-%dT%H:%M:%S.000Z", "java": "%Y-%m-%d %H:%M:%S.000"}[form]
    return [time.strftime(stamp, t) + " INFO agent.worker heartbeat ok"]


def build_corpus():
    """Every (kind, variant) in every form, once before and once after the
    throttling text; returns the records."""
    pools, reused, count = {}, set(), {}
    slots = {f: {"before": [], "after": []} for f in FORMS}
    for gkind, variants in VARIANTS.items():
        for variant in variants:
            for form in FORMS:
                for pos in ("before", "after"):
                    # the same value is written alike only within one representation: a PEM
                    # block as lines, or escaped once more inside jsonesc's string
                    rep = "one"
                    if gkind == "private-key" and variant == "plain" and form in MULTILINE:
                        rep = "lines"
                    elif form == "jsonesc" and (variant == "jslash" or gkind == "private-key"):
                        rep = "esc2"
                    key = (gkind, variant, rep)
                    pool = pools.setdefault(key, [])
                    n = count.get((gkind, variant), 0)
                    count[(gkind, variant)] = n + 1
                    if gkind in ("word-cli", "word-file") and pool:
                        p = pool[0]
                    elif pool and (key not in reused or rng.random() < 0.2):
                        p = rng.choice(pool)  # the same value in another record
                        reused.add(key)
                    else:
                        p = payload(gkind, variant, len(pool))
                        pool.append(p)
                    slots[form][pos].append(make_slot(gkind, variant, pos, form, p, n))
    records, idx = [], 0
    for form in FORMS:
        before, after = slots[form]["before"], slots[form]["after"]
        rng.shuffle(after)
        # pair so no kind is planted twice in one record
        for i in range(len(before)):
            for tries in range(1000):
                if not (before[i].touched & after[i].touched):
                    break
                j = rng.randrange(len(after))
                if not (before[j].touched & after[i].touched) and not (before[i].touched & after[j].touched):
                    after[i], after[j] = after[j], after[i]
            assert not (before[i].touched & after[i].touched), "cannot pair %s" % before[i].cell()
        for b, a in zip(before, after):
            rec = Record(form, idx, b, a)
            idx += 1
            for s in rec.slots:
                for v in s.values:
                    v.where.append((rec, s))
            records.append(rec)
    return records


def big_record(idx):
    """A JSON line of about 40 KB, a key id across its 16 KB mark, the
    throttling text at its very end."""
    rec = Record("big", idx, None, None)
    kid = key_id()
    v = value("aws-key-id", kid)
    v.forms.add(kid)
    head = ('{"time":"%s","level":"error","msg":"bedrock call failed","modelId":"%s","operation":"Converse",'
            '"trace":"' % (rec._t("iso"), rec.model))
    words = ["retry", "backoff", "frame", "queue", "worker", "batch", "shard", "flush"]
    filler = []
    n = len(head)
    while n < 16384 - 9 - 5:
        w = rng.choice(words) + " "
        filler.append(w)
        n += len(w)
    pre = head + "".join(filler)
    pre = pre[:16384 - 9 - 5] if len(pre) > 16384 - 14 else pre
    pre += " " * (16384 - 14 - len(pre)) + " key "
    assert len(pre) == 16384 - 9
    rest = []
    n = len(pre) + len(kid)
    while n < 40000:
        w = " " + rng.choice(words)
        rest.append(w)
        n += len(w)
    rec.msg = MESSAGES[0]
    line = (pre + kid + "".join(rest) + '","error":{"code":"ThrottlingException","message":"%s","status":429}}'
            % rec.msg)
    json.loads(line)
    assert line.index(kid) < 16384 < line.index(kid) + len(kid)
    rec.big_key = v
    rec.big_line = line
    v.where.append((rec, None))
    return rec


def write_corpus(logdir, records, big):
    os.makedirs(logdir)
    for form in FORMS:
        path = os.path.join(logdir, form + ".log")
        out, n = [], 0
        for r in (r for r in records if r.form == form):
            sep = separator(form, r)
            out += sep
            r.file, r.line = form + ".log", len(out) + 1
            lines = r.lines()
            r.skeleton(lines)
            out += lines
        with open(path, "w") as f:
            f.write("\n".join(out) + "\n")
    big.file, big.line = "big.log", 1
    with open(os.path.join(logdir, "big.log"), "w") as f:
        f.write(big.big_line + "\n")


# ---- leaks ----

class LeakIndex:
    def __init__(self, values):
        self.win = {}
        self.exact = []  # (string, value, case-insensitive)
        for v in values:
            fx = v.parts[0][1]
            forms = [(f, fx if f[:fx] == v.canon[:fx] else 0) for f in v.forms]
            for part, fixed in v.parts + forms + ([(v.canon, fx)] if v.kind != "prompt" else []):
                if len(part) >= WIN and set(part) <= TOKEN_CHARS:
                    for i in range(max(0, fixed - WIN + 1), len(part) - WIN + 1):
                        self.win.setdefault(part[i:i + WIN], v)
                elif len(part) >= 4:
                    self.exact.append((part, v, v.ci))
            for w in v.words:
                self.exact.append((w, v, True))
            if v.kind == "prompt":
                self.exact.append((v.canon, v, False))

    def scrub(self, text):
        """text with anything planted cut to its first 4 characters."""
        def tok(m):
            t = m.group(0)
            if any(t[i:i + WIN] in self.win for i in range(len(t) - WIN + 1)):
                return short(t)
            return t
        text = TOKEN_RE.sub(tok, text)
        for s, v, ci in self.exact:
            text = re.sub(re.escape(s), short(s), text, flags=re.I if ci else 0)
        return text

    def scan(self, text):
        """The planted values text shows, whole or in part."""
        hits = set()
        variants = [text]
        norm = unquote(html.unescape(text.replace("\\/", "/")))
        if norm != text:
            variants.append(norm)
        for t in variants:
            for m in TOKEN_RE.finditer(t):
                tok = m.group(0)
                for i in range(len(tok) - WIN + 1):
                    v = self.win.get(tok[i:i + WIN])
                    if v:
                        hits.add(v)
            low = t.lower()
            for s, v, ci in self.exact:
                if (s.lower() in low) if ci else (s in t):
                    hits.add(v)
        return hits


def texts_of_file(name, data):
    """(name, text) of a file and of what it holds (workbook, bundle)."""
    out = []
    if name.endswith(".xlsx") or data[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                for e in z.namelist():
                    out += texts_of_file(name + ":" + e, z.read(e))
            return out
        except zipfile.BadZipFile:
            pass
    if name.endswith(".tar.gz") or data[:2] == b"\x1f\x8b":
        try:
            with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as t:
                for m in t.getmembers():
                    if m.isfile():
                        out += texts_of_file(name + ":" + m.name, t.extractfile(m).read())
            return out
        except (tarfile.TarError, OSError, EOFError):
            pass
    out.append((name, data.decode("utf-8", "replace")))
    return out


def dir_texts(d, label):
    out = []
    for root, _, files in os.walk(d):
        for f in sorted(files):
            p = os.path.join(root, f)
            with open(p, "rb") as fh:
                out += texts_of_file(label + "/" + os.path.relpath(p, d), fh.read())
    return out


# ---- the run ----

class Failures:
    def __init__(self, show_all):
        self.index = None  # to scrub what is printed
        self.lines = {}
        self.cells = {}
        self.show_all = show_all

    def add(self, check, msg, slots=()):
        self.lines.setdefault(check, []).append(msg)
        self.mark(check, slots)

    def mark(self, check, slots):
        for slot in slots if isinstance(slots, (list, tuple)) else [slots]:
            if slot is not None:
                self.cells.setdefault((slot.gkind, slot.variant), {}).setdefault(
                    "%s.%s" % (slot.form, slot.pos), set()).add(check)

    def count(self):
        return sum(len(v) for v in self.lines.values())

    def report(self):
        for check, lines in self.lines.items():
            shown = lines if self.show_all else lines[:25]
            for l in shown:
                print("FAIL %s: %s" % (check, self.index.scrub(l) if self.index else l))
            if len(lines) > len(shown):
                print("FAIL %s: ... %d more (--all shows every one)" % (check, len(lines) - len(shown)))
        if self.cells:
            print("failing cells (kind/variant: form.position=checks):")
            for (k, var), forms in sorted(self.cells.items()):
                print("  %s/%s: %s" % (k, var, " ".join("%s=%s" % (f, ",".join(sorted(c)))
                                                          for f, c in sorted(forms.items()))))


def run(cmd, what, outputs):
    c = subprocess.run(cmd, capture_output=True, text=True, errors="replace")
    outputs.append((what + ".stdout", c.stdout))
    outputs.append((what + ".stderr", c.stderr))
    return c


def parse_errors(text):
    """throttling_errors.txt: {(file, line): block text}."""
    blocks, cur = {}, None
    for line in text.split("\n"):
        if line.startswith("--- event "):
            cur = []
            continue
        if cur is None or not line:
            continue
        if not cur:
            m = re.match(r"^(.*?):(\d+): ", line)
            if m:
                blocks[(os.path.basename(m.group(1)), int(m.group(2)))] = cur
        cur.append(line)
    return {k: "\n".join(v) for k, v in blocks.items()}


def parse_time(s):
    if not s:
        return None
    m = re.match(r"^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,3}))?Z$", s)
    if not m:
        return "bad:" + s
    g = [int(x) for x in m.groups()[:6]]
    return calendar.timegm(tuple(g)) * 1000 + int((m.group(7) or "0").ljust(3, "0"))


PH_ANY = r"\[[a-z][a-z-]*[a-z]-\d+(?:: \d+ chars, sha256 [0-9a-f]{8})?\]"


def context_check(rec, blk, where, F):
    """The record as written, each planted value one placeholder, the rest
    byte for byte: a redaction consumes the secret only."""
    got = "\n".join(re.sub(r"^.*?:\d+: ", "", l, count=1) for l in blk.split("\n"))
    segs = rec.segments
    pat = PH_ANY.join(re.escape(x) for x in segs)
    if re.fullmatch(pat, got):
        return
    # the first stretch of literal text that no longer follows
    for k in range(1, len(segs) + 1):
        part = PH_ANY.join(re.escape(x) for x in segs[:k])
        if k == len(segs):
            part += "$"
        if not re.match(part, got):
            break
    head = PH_ANY.join(re.escape(x) for x in segs[:k - 1]) + (PH_ANY if k >= 2 else "")
    seg = segs[k - 1]
    i = 0
    while i < len(seg) and re.match(head + re.escape(seg[:i + 1]), got):
        i += 1
    # whose: the value next to the text that changed
    if k >= 2 and (i < len(seg) / 2 or k > len(rec.gaps)):
        s = rec.gaps[k - 2]
    else:
        s = rec.gaps[min(k - 1, len(rec.gaps) - 1)]
    lost = seg[i:i + 28] + ("…" if len(seg) > i + 28 else "")
    F.add("context", "%s: record %s: %r is gone or changed" % (s.cell(), where, lost if lost else "(end)"), [s])


def placeholders(text):
    return [(m.group(1), m.group(0), m) for m in PH_RE.finditer(text)]


def main():
    args = sys.argv[1:]
    if not args or args[0].startswith("-"):
        print(__doc__)
        sys.exit(2)
    qc = os.path.abspath(args[0])
    keep = None
    show_all = "--all" in args
    if "--keep" in args:
        keep = os.path.abspath(args[args.index("--keep") + 1])
    if "--seed" in args:
        global rng
        rng = random.Random(int(args[args.index("--seed") + 1]))
    t0 = time.time()
    F = Failures(show_all)
    records = build_corpus()
    big = big_record(len(records))
    allrecs = records + [big]

    if keep:
        shutil.rmtree(keep, ignore_errors=True)
        os.makedirs(keep)
        tmp = keep
    else:
        tmp = tempfile.mkdtemp(prefix="redact-corpus-")
    try:
        check_all(qc, tmp, records, big, allrecs, F)
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)
    F.report()
    print("redact_corpus: %d failures (%.1f s)" % (F.count(), time.time() - t0))
    sys.exit(1 if F.count() else 0)


def check_all(qc, tmp, records, big, allrecs, F):
    logdir = os.path.join(tmp, "logs")
    write_corpus(logdir, records, big)
    words = os.path.join(tmp, "words.txt")
    with open(words, "w") as f:
        f.write("# code names and change tickets\n%s\nre:%s\n" % (FILE_WORD, RE_PATTERN))
    ev = os.path.join(tmp, "ev")
    outputs = []
    base = [qc, "collect", "--offline", "--logs", logdir, "--start", START, "--end", END, "--region", "us-east-1",
            "--now", NOW]
    red = ["--redact", CLI_WORD, "--redact-file", words]
    c = run(base + ["--out", ev] + red, "collect", outputs)
    if c.returncode == 2 and "unknown option" in c.stderr:
        F.add("collect", "collect does not take --redact/--redact-file: %s" % c.stderr.strip()[:200])
        red = []
        c = run(base + ["--out", ev], "collect", outputs)
    if c.returncode != 0:
        F.add("collect", "collect exited %d: %s" % (c.returncode, c.stderr.strip()[-300:]))
        return
    try:
        manifest = json.load(open(os.path.join(ev, "manifest.json")))
    except (OSError, ValueError) as e:
        F.add("collect", "manifest.json: %s" % e)
        return
    errors_txt = open(os.path.join(ev, "throttling_errors.txt"), encoding="utf-8", errors="replace").read()
    events = json.load(open(os.path.join(ev, "throttling_events.json")))["events"]

    r = run([qc, "render", "--evidence", ev, "--now", NOW], "render", outputs)
    if r.returncode != 0:
        F.add("render", "render exited %d: %s" % (r.returncode, r.stderr.strip()[-300:]))
    b = run([qc, "bundle", ev], "bundle", outputs)
    if b.returncode != 0:
        F.add("bundle", "bundle exited %d: %s" % (b.returncode, b.stderr.strip()[-300:]))

    # 1. leaks, everywhere
    texts = dir_texts(ev, "ev")
    bundle = ev + ".tar.gz"
    if os.path.exists(bundle):
        texts += texts_of_file("bundle", open(bundle, "rb").read())
    texts += outputs
    index = LeakIndex(ALL_VALUES)
    F.index = index
    leaked = {}
    for name, text in texts:
        for v in index.scan(text):
            leaked.setdefault(v, []).append(name)
    for v, names in sorted(leaked.items(), key=lambda x: x[0].id):
        cells = sorted({s.cell() if s else "big" for _, s in v.where})
        what = "prompt words" if v.kind == "prompt" else short(v.canon)
        F.add("leak", "%s %s (%s) in %s" % (v.kind, what, ", ".join(cells[:4]) + (" ..." if len(cells) > 4 else ""),
                                           ", ".join(names[:4]) + (" ..." if len(names) > 4 else "")))
        F.mark("leak", [s for _, s in v.where])

    # 2. every record found, with its fields and message
    blocks = parse_errors(errors_txt)
    evmap = {}
    for e in events:
        m = re.match(r"^(.*):(\d+)$", e.get("source") or "")
        if m:
            evmap[(os.path.basename(m.group(1)), int(m.group(2)))] = e
    n_ev = manifest.get("log_scan", {}).get("events")
    if len(events) != len(allrecs) or n_ev != len(allrecs):
        F.add("found", "%d records planted, throttling_events.json has %d, manifest log_scan.events %s"
              % (len(allrecs), len(events), n_ev))
    for rec in allrecs:
        key = (rec.file, rec.line)
        e, blk = evmap.get(key), blocks.get(key)
        where = "%s:%d" % key
        cells = " + ".join(s.cell() for s in rec.slots) or "big record"
        if e is None or blk is None:
            F.add("found", "%s: record %s is not an event (%s)" % (
                cells, where, "no event" if e is None else "not in throttling_errors.txt"), rec.slots)
            continue
        probs = []
        if rec.msg not in blk:
            probs.append("message gone from throttling_errors.txt")
        if e.get("message") != rec.msg:
            probs.append("message %r" % (e.get("message") or "")[:60])
        if parse_time(e.get("time")) != rec.want_time:
            probs.append("time %s" % e.get("time"))
        if e.get("model_id") != rec.want_model:
            probs.append("model %s" % e.get("model_id"))
        if rec.form != "awscli" and rec.model not in blk:
            probs.append("model id gone from the record text")
        for s in rec.slots:
            if not s.has_mt:
                continue
            if not re.search(r'max_tokens(?:\\*")?:\s*%d\b' % s.p["max_tokens"], blk):
                probs.append("max_tokens gone from the record text")
            # read by the scanner where it is not inside an escaped string
            elif s.variant != "escjson" and s.form != "jsonesc" and e.get("max_tokens") != s.p["max_tokens"]:
                probs.append("max_tokens %s, want %d" % (e.get("max_tokens"), s.p["max_tokens"]))
        for pr in probs:
            F.add("found", "%s: %s: %s" % (cells, where, pr), rec.slots)

        # 3. placeholders of this record
        found = placeholders(blk)
        allowed = set().union(*[s.touched for s in rec.slots]) if rec.slots else {"aws-key-id"}
        mpos = blk.find(rec.msg)
        before_checks = F.count()
        for k, full, m in found:
            if k not in KINDS:
                F.add("placeholder", "%s: unknown kind in %s" % (where, full))
            elif k not in allowed:
                # whose: the slot on its side of the throttling message
                side = [s for s in rec.slots if mpos < 0 or (s.pos == "before") == (m.start() < mpos)]
                F.add("over", "%s: %s where no %s was planted (record %s)"
                      % (" + ".join(s.cell() for s in side) or "big record", full, k, where), side)
        for s in rec.slots:
            # the placeholders on this slot's side of the throttling message
            mine = [(kk, full, m) for kk, full, m in found if mpos < 0 or (s.pos == "before") == (m.start() < mpos)]
            for k, v in s.required.items():
                phs = {full for kk, full, m in mine if kk == k}
                if not phs:
                    other = sorted({full for kk, full, m in mine if kk not in s.touched or kk == s.kind})
                    F.add("placeholder", "%s: %s %s: no [%s-n] in record %s%s"
                          % (s.cell(), k, short(v.canon), k, where,
                             (" (has %s)" % ", ".join(other[:3])) if other else ""), s)
                    continue
                if len(phs) > 1:
                    F.add("placeholder", "%s: %s split into %s in record %s" % (s.cell(), k, ", ".join(sorted(phs)),
                                                                                where), s)
                for ph in phs:
                    v.placeholders.add(ph)
                    if k == "prompt":
                        m = PH_RE.match(ph)
                        if not m.group(3):
                            F.add("placeholder", "%s: prompt placeholder %s lacks length and hash" % (s.cell(), ph), s)
                        elif int(m.group(3)) not in {len(v.canon)} | {len(f) for f in v.forms}:
                            F.add("placeholder", "%s: %s: the prompt has %d characters" % (s.cell(), ph,
                                                                                             len(v.canon)), s)
        # the text around the values, where each value is left as one placeholder
        if rec.slots and rec.plain_lines and F.count() == before_checks and \
                not any(v in leaked for s in rec.slots for v in s.values):
            context_check(rec, blk, where, F)
    if big.big_key:
        v = big.big_key
        for name, text in texts:
            for i in range(len(v.canon) - 9):
                if v.canon[i:i + 10] in text:
                    F.add("big", "aws-key-id %s across the 16 KB mark: a 10-character remnant in %s"
                          % (short(v.canon), name))
                    break
        blk = blocks.get((big.file, big.line), "")
        for k, full, m in placeholders(blk):
            if k == "aws-key-id":
                v.placeholders.add(full)

    # same value, same placeholder; different values, different ones
    by_ph = {}
    for v in ALL_VALUES:
        if len(v.placeholders) > 1:
            cells = sorted({s.cell() for _, s in v.where if s})
            F.add("same-value", "%s %s has %d placeholders: %s (%s)" % (
                v.kind, short(v.canon), len(v.placeholders), ", ".join(sorted(v.placeholders)[:4]),
                ", ".join(cells[:4])), [s for _, s in v.where])
        for ph in v.placeholders:
            by_ph.setdefault(ph, []).append(v)
    for ph, vs in by_ph.items():
        if len(vs) > 1:
            F.add("same-value", "%s stands for %d different values (%s)" % (ph, len(vs), ", ".join(
                "%s %s" % (v.kind, short(v.canon)) for v in vs[:4])), [s for v in vs for _, s in v.where])
    # every file: only placeholders the errors file or the command line know
    cmdline = json.dumps(manifest.get("command_line"))
    known = {full for _, full, _ in placeholders(errors_txt)} | {full for _, full, _ in placeholders(cmdline)}
    for name, text in texts:
        if name.endswith("throttling_errors.txt"):
            continue
        for k, full, m in placeholders(text):
            if full not in known:
                F.add("placeholder", "%s: %s, which throttling_errors.txt does not have" % (name, full))
                break
    # the --redact word on the command line
    if red:
        wv = SINGLETONS.get(CLI_WORD)
        if wv and wv.placeholders and not any(ph in cmdline for ph in wv.placeholders):
            F.add("placeholder", "manifest command_line: the --redact word is not %s"
                  % "/".join(sorted(wv.placeholders)))

    # 4. manifest counts
    want = {}
    for v in ALL_VALUES:
        if v.counted:
            want[v.kind] = want.get(v.kind, 0) + 1
    got = manifest.get("redactions")
    if not isinstance(got, dict):
        F.add("counts", "manifest.json has no redactions object")
        got = {}
    for k in sorted(set(want) | set(got)):
        if got.get(k, 0) != want.get(k, 0):
            F.add("counts", "manifest redactions %s = %s, planted %d distinct" % (k, got.get(k, 0), want.get(k, 0)))

    # 5. the map
    mapf = ev + ".redaction-map.json"
    if not os.path.exists(mapf):
        F.add("map", "no redaction map beside the evidence (%s)" % os.path.basename(mapf))
    else:
        mode = os.stat(mapf).st_mode & 0o777
        if mode != 0o600:
            F.add("map", "redaction map mode %o, want 600" % mode)
    for name, _ in texts:
        if "redaction-map" in name:
            F.add("map", "a redaction map inside the evidence or bundle: %s" % name)
    mail = email()
    mv = value("email", mail)
    mv.forms.add(mail)
    ev2 = os.path.join(tmp, "run2", mail, "ev")
    os.makedirs(os.path.dirname(ev2))
    outputs2 = []
    c2 = run(base + ["--out", ev2] + red + (["--redaction-map", mapf] if red else []), "collect2", outputs2)
    if c2.returncode != 0:
        F.add("map", "second collect exited %d: %s" % (c2.returncode, c2.stderr.strip()[-300:]))
    else:
        e2 = open(os.path.join(ev2, "throttling_errors.txt"), encoding="utf-8", errors="replace").read()
        b2 = parse_errors(e2)
        differ = [k for k in blocks if [f for _, f, _ in placeholders(blocks[k])] !=
                  [f for _, f, _ in placeholders(b2.get(k, ""))]]
        if differ:
            F.add("map", "with --redaction-map, %d of %d records get other placeholders (first %s:%d)"
                  % (len(differ), len(blocks), differ[0][0], differ[0][1]))
        m2 = json.load(open(os.path.join(ev2, "manifest.json")))
        cl2 = json.dumps(m2.get("command_line"))
        if mail in cl2 or "run2" not in cl2:
            F.add("map", "second manifest command_line does not show its --out path with the e-mail replaced")
        elif not re.search(r"run2/\[email-\d+\]/ev", cl2):
            F.add("map", "second manifest command_line: the e-mail of --out is not an [email-n]")
        idx2 = LeakIndex(ALL_VALUES)
        for name, text in dir_texts(ev2, "ev2") + outputs2:
            for v in idx2.scan(text):
                if v not in leaked:  # the first run's leaks are reported once
                    F.add("leak", "second collect: %s %s in %s" % (v.kind, short(v.canon), name))

    # 6. the leak gate
    vout = []
    def findings(out):
        f = re.findall(r"^(\S+:\d+: [a-z-]+)$", out, re.M)
        return "%d findings%s" % (len(f), (", first " + f[0]) if f else "")

    g = run([qc, "verify", ev], "verify", vout)
    if g.returncode != 0:
        F.add("gate", "verify of the redacted evidence exited %d (%s)" % (g.returncode, findings(g.stdout + g.stderr)))
    if os.path.exists(bundle):
        g = run([qc, "verify", bundle], "verify-bundle", vout)
        if g.returncode != 0:
            F.add("gate", "verify of the bundle exited %d (%s)" % (g.returncode, findings(g.stdout + g.stderr)))
    kv = next(v for v in ALL_VALUES if v.kind == "aws-key-id" and v.counted)
    # a key id appended, the manifest left as it was (a changed file too) and
    # the manifest brought up to date (only the leak)
    for fix in (False, True):
        leaky = os.path.join(tmp, "leaky-fixed" if fix else "leaky")
        shutil.copytree(ev, leaky)
        tf = os.path.join(leaky, "throttling_errors.txt")
        with open(tf, "a") as f:
            f.write("\nleftover credential %s\n" % kv.canon)
        if fix:
            mp = os.path.join(leaky, "manifest.json")
            mf = json.load(open(mp))
            data = open(tf, "rb").read()
            for ent in mf.get("files", []):
                if ent.get("name") == "throttling_errors.txt":
                    ent["bytes"], ent["sha256"] = len(data), hashlib.sha256(data).hexdigest()
            with open(mp, "w") as f:
                json.dump(mf, f, indent=2)
        g = run([qc, "verify", leaky], "verify-leaky", vout)
        said = g.stdout + g.stderr
        what = "a key id appended" + (" and the manifest updated" if fix else "")
        if g.returncode != 10 and (fix or g.returncode == 0):
            F.add("gate", "verify of evidence with %s exited %d, want 10" % (what, g.returncode))
        if not re.search(r"throttling_errors\.txt:\d+: aws-key-id", said):
            F.add("gate", "verify of evidence with %s does not name throttling_errors.txt:LINE: aws-key-id" % what)
        if any(kv.canon[i:i + 8] in said for i in range(len(kv.canon) - 7)):
            F.add("gate", "verify prints the key id it found (%s)" % short(kv.canon))
    for name, text in vout:
        for v in index.scan(text):
            if v is not kv:
                F.add("leak", "verify output: %s %s" % (v.kind, short(v.canon)))

    summary(records, big, leaked, want)


def summary(records, big, leaked, want):
    per_form = {}
    for r in records:
        per_form[r.form] = per_form.get(r.form, 0) + 1
    print("redact_corpus: %d records (%s) + 1 of %d bytes; %d slots" % (
        len(records), ", ".join("%s %d" % (f, per_form[f]) for f in FORMS), len(big.big_line),
        sum(len(r.slots) for r in records)))
    print("planted distinct values: " + ", ".join("%s %d" % (k, want[k]) for k in KINDS if k in want))
    lk = {}
    for v in leaked:
        lk[v.kind] = lk.get(v.kind, 0) + 1
    print("leaked values: %d%s" % (len(leaked), (" (" + ", ".join("%s %d" % x for x in sorted(lk.items())) + ")")
                                    if lk else ""))


if __name__ == "__main__":
    main()
