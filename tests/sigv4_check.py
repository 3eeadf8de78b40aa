#!/usr/bin/python3
"""Checks `quotacase debug sign` against botocore's SigV4 signer, for every
request file in tests/data/sigv4 (the AWS SigV4 test suite's .req format;
extra options for one case in <name>.req.args).

botocore is the independent signer: it gets the same method, path, decoded
query parameters, headers and body, the same time and key, and must produce
the same canonical request, string to sign and Authorization header.
quotacase does not sign hop-by-hop headers; none of the cases has one.

    tests/sigv4_check.py QUOTACASE [DIR]
"""
import glob
import os
import shlex
import subprocess
import sys
from urllib.parse import unquote_to_bytes

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

AK = "AKIDEXAMPLE"
SK = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"


def parse(raw):
    head, _, body = raw.partition(b"\n\n")
    lines = head.decode("utf-8").split("\n")
    method, rest = lines[0].split(" ", 1)
    target = rest.rsplit(" ", 1)[0]
    path, _, query = target.partition("?")
    headers = []
    for line in lines[1:]:
        if line[:1] in (" ", "\t") and headers:
            headers[-1][1] += " " + line
        else:
            name, _, value = line.partition(":")
            headers.append([name, value])
    return method, path, query, headers, body


def params(query):
    out = []
    for pair in query.split("&") if query else []:
        if not pair:
            continue
        k, _, v = pair.partition("=")
        out.append((unquote_to_bytes(k).decode("utf-8"), unquote_to_bytes(v).decode("utf-8")))
    return out


def expected(path_req, args):
    method, path, query, headers, body = parse(open(path_req, "rb").read())
    opts = dict(zip(args[::2], args[1::2]))
    region = opts.get("--region", "us-east-1")
    service = opts.get("--service", "service")
    token = opts.get("--session-token")
    host = [v for k, v in headers if k.lower() == "host"][0]
    req = AWSRequest(method=method, url="https://" + host + path, data=body,
                     params=params(query))
    # botocore's headers are an email Message: assigning a name again adds
    # another header, so repeated names reach the signer as repeats.
    for k, v in headers:
        if k.lower() != "x-amz-date":
            req.headers[k] = v
    date = [v for k, v in headers if k.lower() == "x-amz-date"][0]
    auth = SigV4Auth(Credentials(AK, SK, token), service, region)
    req.context["timestamp"] = date
    auth._modify_request_before_signing(req)
    creq = auth.canonical_request(req)
    sts = auth.string_to_sign(req, creq)
    sig = auth.signature(sts, req)
    auth._inject_signature_to_request(req, sig)
    return "canonical request:\n%s\n\nstring to sign:\n%s\n\nauthorization:\n%s\n" % (
        creq, sts, req.headers["Authorization"])


def main():
    qc = sys.argv[1]
    d = sys.argv[2] if len(sys.argv) > 2 else "tests/data/sigv4"
    passed = failed = 0
    for req in sorted(glob.glob(os.path.join(d, "*.req"))):
        args = shlex.split(open(req + ".args").read()) if os.path.exists(req + ".args") else []
        got = subprocess.run([qc, "debug", "sign"] + args + [req], capture_output=True, text=True)
        want = expected(req, args)
        if got.returncode == 0 and got.stdout == want:
            passed += 1
        else:
            failed += 1
            print("FAIL %s\n--- botocore\n%s--- quotacase (exit %d)\n%s%s" % (
                req, want, got.returncode, got.stdout, got.stderr))
    print("sigv4: %d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed or not passed else 0)


main()
