#!/bin/sh
# Every field of the demo's model.json is listed in docs/model.md (a `_text`
# sibling counts as its number; request.quota.* is documented as quotas[]).
set -u
/usr/bin/python3 - evidence/example/model.json docs/model.md <<'PY'
import json, re, sys
model = json.load(open(sys.argv[1]))
doc = set(re.findall(r"`([A-Za-z0-9_.\[\]]+)`", open(sys.argv[2]).read()))
paths = set()
def walk(v, p):
    if isinstance(v, dict):
        for k, x in v.items():
            q = p + "." + k if p else k
            paths.add(q)
            walk(x, q)
    elif isinstance(v, list):
        for x in v:
            walk(x, p + "[]")
walk(model, "")
missing = []
def documented(p):
    # "x_is" (and its booleans) stands for the code field "x".
    p = re.sub(r"\.kind_is(\.[a-z_]+)?$", ".quota_kind", p)
    p = re.sub(r"_is(\.[a-z_]+)?$", "", p)
    p = re.sub(r"\.key$", ".item", p)
    p = re.sub(r"^request\.quota\.", "quotas[].", p)
    p = re.sub(r"^models\[\]\.peaks\.[a-z_]+\.(value|at)", r"models[].peaks.attempts.\1", p)
    p = re.sub(r"^diagnosis\.models\[\]\.top_bursts\[\]", "diagnosis.models[].bursts[]", p)
    p = re.sub(r"^diagnosis\.models\[\]\.quotas\.(tokens_per_minute|tokens_per_day)", r"diagnosis.models[].quotas.requests_per_minute", p)
    return p in doc or re.sub(r"_text$", "", p) in doc
for p in sorted(paths):
    if not documented(p):
        missing.append(p)
for p in missing:
    print("FAIL: docs/model.md does not list", p)
print("model_doc: %d passed, %d failed" % (len(paths) - len(missing), len(missing)))
sys.exit(1 if missing else 0)
PY
