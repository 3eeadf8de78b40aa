#!/usr/bin/python3
"""Scenario tests: each directory under tests/data/scenarios/ is one account
shaped like a real one.  It holds its inputs (logs, aws CLI exports, a case
file), `collect.args` and optionally `render.args` (one argument a line;
@DIR@ is the scenario's directory), and `expect`: the answers computed by
hand, one a line:

    model PATH = JSON        a value of model.json (PATH: a.b[0].c; [id=X]
                             picks the element whose model_id or code is X)
    contains FILE TEXT       a rendered file contains TEXT
    lacks FILE TEXT          ... does not
    exit N                   render's exit status (default 0)

Usage: scenarios.py QUOTACASE [SCENARIO_DIR...]"""
import json, os, re, shutil, subprocess, sys, tempfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "scenarios")


def args_of(d, name):
    p = os.path.join(d, name)
    if not os.path.exists(p):
        return []
    return [l.rstrip("\n").replace("@DIR@", d) for l in open(p) if l.strip() and not l.startswith("#")]


def walk(v, path):
    for part in re.findall(r"[^.\[\]]+|\[[^\]]*\]", path):
        if part.startswith("[") and "=" in part:
            k, want = part[1:-1].split("=", 1)
            v = next(x for x in v if str(x.get(k)) == want)
        elif part.startswith("["):
            v = v[int(part[1:-1])]
        else:
            v = v[part]
    return v


def run(qc, d):
    passed = failed = 0
    name = os.path.basename(d)
    with tempfile.TemporaryDirectory() as t:
        ev = os.path.join(t, "ev")
        c = subprocess.run([qc, "collect", "--quiet", "--offline", "--out", ev] + args_of(d, "collect.args"),
                           capture_output=True, text=True)
        if c.returncode != 0:
            print("FAIL: %s: collect exited %d: %s" % (name, c.returncode, c.stderr.strip()))
            return 0, 1
        r = subprocess.run([qc, "render", "--quiet", "--evidence", ev] + args_of(d, "render.args"),
                           capture_output=True, text=True)
        model = json.load(open(os.path.join(ev, "model.json"))) if os.path.exists(os.path.join(ev, "model.json")) else {}
        want_exit = 0
        for line in open(os.path.join(d, "expect")):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            ok, what = True, line
            if line.startswith("exit "):
                want_exit = int(line.split()[1])
                continue
            if line.startswith("model "):
                path, want = line[6:].split(" = ", 1)
                try:
                    got = walk(model, path.strip())
                except (KeyError, IndexError, StopIteration, TypeError):
                    got = "<absent>"
                ok = got == json.loads(want)
                what = "%s: got %s, want %s" % (path.strip(), json.dumps(got), want)
            else:
                verb, f, text = line.split(" ", 2)
                try:
                    body = open(os.path.join(ev, f), encoding="utf-8").read()
                    ok = (text in body) == (verb == "contains")
                except OSError as e:
                    ok, what = False, "%s: %s" % (line, e.strerror)
            if ok:
                passed += 1
            else:
                failed += 1
                print("FAIL: %s: %s" % (name, what))
        # Every account renders in both template languages: a template that
        # names a field some model lacks fails strict rendering in one only.
        other = os.path.join(t, "other")
        shutil.copytree(ev, other)
        rargs = args_of(d, "render.args")
        lang = ["--lang", "en"] if "pt-BR" in rargs else ["--lang", "pt-BR"]
        rargs = [a for i, a in enumerate(rargs) if a != "--lang" and (i == 0 or rargs[i - 1] != "--lang")]
        o = subprocess.run([qc, "render", "--quiet", "--evidence", other] + rargs + lang,
                           capture_output=True, text=True)
        if o.returncode != want_exit:
            failed += 1
            print("FAIL: %s: render %s exited %d: %s" % (name, lang[1], o.returncode, o.stderr.strip()))
        else:
            passed += 1
        if r.returncode != want_exit:
            failed += 1
            print("FAIL: %s: render exited %d, want %d: %s" % (name, r.returncode, want_exit, r.stderr.strip()))
        else:
            passed += 1
    return passed, failed


def main():
    qc = os.path.abspath(sys.argv[1])
    dirs = sys.argv[2:] or sorted(os.path.join(ROOT, x) for x in os.listdir(ROOT))
    p = f = 0
    for d in dirs:
        a, b = run(qc, os.path.abspath(d))
        p, f = p + a, f + b
    print("scenarios: %d passed, %d failed" % (p, f))
    sys.exit(1 if f else 0)


main()
