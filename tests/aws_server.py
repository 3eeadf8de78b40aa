#!/usr/bin/python3
"""A local AWS-compatible endpoint for quotacase's tests.

Runs on 127.0.0.1 on a free port (written to the file named by the first
argument) with Debian's python3 and python3-botocore only.  Every signed
request's SigV4 signature is checked independently with botocore; a bad one
is refused the way AWS refuses it.  It serves:

  STS (query protocol, XML)  GetCallerIdentity, AssumeRole,
                             AssumeRoleWithWebIdentity
  IMDSv2                     PUT /latest/api/token, GET /latest/meta-data/...
  container credentials      GET /container/credentials

and injects faults on demand: POST /__fault {"action": "GetCallerIdentity",
"kind": "throttle|500|503|slow|reset|truncated|expired|denied", "count": N}.
GET /__log lists the actions served (with attempts), POST /__reset clears.
"""
import json
import os
import secrets
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, unquote_to_bytes, urlsplit

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

ACCOUNT = "111122223333"
KEYS = {
    # access key id: (secret, session token or None, identity ARN)
    "AKIDQUOTACASETEST01": ("quotacase/test/secret/key/00000000000001", None,
                            "arn:aws:iam::%s:user/tester" % ACCOUNT),
    "AKIDQUOTACASETEST02": ("quotacase/test/secret/key/00000000000002", None,
                            "arn:aws:iam::%s:user/second" % ACCOUNT),
}
WEB_IDENTITY_TOKEN = "web-identity-token-ok"
CONTAINER_TOKEN = "container-auth-token"
IMDS_TOKEN = "imds-token-1"
LOCK = threading.Lock()
FAULTS = []
LOG = []


def temp_keys(arn, lifetime=3600):
    ak = "ASIA" + secrets.token_hex(8).upper()
    sk = secrets.token_urlsafe(30)
    tok = "FQoGZXIvYXdzE" + secrets.token_urlsafe(60)
    with LOCK:
        KEYS[ak] = (sk, tok, arn)
    exp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + lifetime))
    return ak, sk, tok, exp


def xml_error(code, message, status=400):
    body = ("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
            "<Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error>"
            "<RequestId>req-%s</RequestId></ErrorResponse>" % (code, message, secrets.token_hex(4)))
    return status, "text/xml", body.encode()


def creds_xml(action, ak, sk, tok, exp, arn):
    return ("<%sResponse><%sResult><Credentials><AccessKeyId>%s</AccessKeyId>"
            "<SecretAccessKey>%s</SecretAccessKey><SessionToken>%s</SessionToken>"
            "<Expiration>%s</Expiration></Credentials><AssumedRoleUser><Arn>%s</Arn>"
            "</AssumedRoleUser></%sResult><ResponseMetadata><RequestId>req-1</RequestId>"
            "</ResponseMetadata></%sResponse>" % (action, action, ak, sk, tok, exp, arn,
                                                   action, action)).encode()


def check_signature(handler, body):
    """(None, access key) when valid, else (error response, None)."""
    auth = handler.headers.get("Authorization", "")
    if not auth.startswith("AWS4-HMAC-SHA256 "):
        return xml_error("MissingAuthenticationToken", "Request is missing Authentication Token",
                         403), None
    parts = dict(p.strip().split("=", 1) for p in auth[len("AWS4-HMAC-SHA256 "):].split(","))
    ak, day, region, service, _ = parts["Credential"].split("/")
    with LOCK:
        known = KEYS.get(ak)
    if not known:
        return xml_error("InvalidClientTokenId",
                         "The security token included in the request is invalid.", 403), None
    secret, token, _ = known
    if token and handler.headers.get("X-Amz-Security-Token") != token:
        return xml_error("InvalidClientTokenId", "The security token is invalid.", 403), None
    url = "http://" + handler.headers["Host"] + urlsplit(handler.path).path
    query = urlsplit(handler.path).query
    params = [(unquote_to_bytes(k).decode(), unquote_to_bytes(v).decode())
              for k, _, v in (p.partition("=") for p in query.split("&") if p)]
    req = AWSRequest(method=handler.command, url=url, data=body, params=params)
    for name in parts["SignedHeaders"].split(";"):
        for value in handler.headers.get_all(name, []):
            req.headers[name] = value
    req.context["timestamp"] = handler.headers.get("X-Amz-Date", "")
    signer = SigV4Auth(Credentials(ak, secret, token), service, region)
    want = signer.signature(signer.string_to_sign(req, signer.canonical_request(req)), req)
    if want != parts.get("Signature"):
        return xml_error("SignatureDoesNotMatch",
                         "The request signature we calculated does not match the signature "
                         "you provided.", 403), None
    return None, ak


def take_fault(action):
    with LOCK:
        for f in FAULTS:
            if f["action"] in (action, "*") and f["count"] > 0:
                f["count"] -= 1
                return f["kind"]
    return None


def sts(handler, body):
    form = dict(parse_qsl(body.decode()))
    action = form.get("Action", "")
    with LOCK:
        LOG.append(action)
    fault = take_fault(action)
    if fault == "throttle":
        return xml_error("Throttling", "Rate exceeded")
    if fault in ("500", "503"):
        return xml_error("InternalFailure" if fault == "500" else "ServiceUnavailable",
                         "try again", int(fault))
    if fault == "slow":
        time.sleep(3)
    if fault == "reset":
        return "reset"
    if fault == "expired":
        return xml_error("ExpiredToken", "The security token included in the request is expired", 403)
    if fault == "denied":
        return xml_error("AccessDenied", "User is not authorized to perform: sts:%s" % action, 403)
    if action == "AssumeRoleWithWebIdentity":
        if form.get("WebIdentityToken") != WEB_IDENTITY_TOKEN:
            return xml_error("InvalidIdentityToken", "Token is not valid")
        arn = form["RoleArn"].replace(":iam::", ":sts::").replace(":role/", ":assumed-role/")
        arn += "/" + form.get("RoleSessionName", "")
        ak, sk, tok, exp = temp_keys(arn)
        out = creds_xml(action, ak, sk, tok, exp, arn)
    else:
        err, ak = check_signature(handler, body)
        if err:
            return err
        with LOCK:
            arn = KEYS[ak][2]
        if action == "GetCallerIdentity":
            out = ("<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>%s</Arn>"
                   "<UserId>AIDA%s</UserId><Account>%s</Account></GetCallerIdentityResult>"
                   "<ResponseMetadata><RequestId>req-2</RequestId></ResponseMetadata>"
                   "</GetCallerIdentityResponse>" % (arn, ak[-8:], ACCOUNT)).encode()
        elif action == "AssumeRole":
            role = form.get("RoleArn", "")
            if role.endswith(":role/needs-external-id") and form.get("ExternalId") != "ext-123":
                return xml_error("AccessDenied", "ExternalId does not match", 403)
            new = role.replace(":iam::", ":sts::").replace(":role/", ":assumed-role/")
            new += "/" + form.get("RoleSessionName", "")
            k, s, t, exp = temp_keys(new)
            out = creds_xml(action, k, s, t, exp, new)
        else:
            return xml_error("InvalidAction", "Could not find operation %s" % action)
    if fault == "truncated":
        return "truncated", out
    return 200, "text/xml", out


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, ctype, body):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("x-amzn-RequestId", "req-" + secrets.token_hex(4))
        self.end_headers()
        self.wfile.write(body)

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def do_PUT(self):
        self.body()
        if self.path == "/latest/api/token":
            ttl = self.headers.get("X-aws-ec2-metadata-token-ttl-seconds")
            return self.reply(200 if ttl else 400, "text/plain", IMDS_TOKEN.encode())
        self.reply(404, "text/plain", b"not found")

    def do_GET(self):
        path = urlsplit(self.path).path
        if path == "/__log":
            with LOCK:
                return self.reply(200, "application/json", json.dumps(LOG).encode())
        if path.startswith("/latest/meta-data/iam/security-credentials/"):
            if self.headers.get("X-aws-ec2-metadata-token") != IMDS_TOKEN:
                return self.reply(401, "text/plain", b"unauthorized")
            role = path[len("/latest/meta-data/iam/security-credentials/"):]
            if not role:
                return self.reply(200, "text/plain", b"imds-role")
            ak, sk, tok, exp = temp_keys("arn:aws:sts::%s:assumed-role/imds-role/i-0abc" % ACCOUNT)
            return self.reply(200, "application/json", json.dumps(
                {"Code": "Success", "AccessKeyId": ak, "SecretAccessKey": sk, "Token": tok,
                 "Expiration": exp}).encode())
        if path == "/container/credentials":
            if self.headers.get("Authorization") != CONTAINER_TOKEN:
                return self.reply(401, "application/json", b'{"message": "unauthorized"}')
            ak, sk, tok, exp = temp_keys("arn:aws:sts::%s:assumed-role/task-role/abc" % ACCOUNT)
            return self.reply(200, "application/json", json.dumps(
                {"AccessKeyId": ak, "SecretAccessKey": sk, "Token": tok,
                 "Expiration": exp}).encode())
        self.reply(404, "text/plain", b"not found")

    def do_POST(self):
        body = self.body()
        path = urlsplit(self.path).path
        if path == "/__fault":
            with LOCK:
                FAULTS.append(json.loads(body))
            return self.reply(200, "application/json", b"{}")
        if path == "/__reset":
            with LOCK:
                FAULTS.clear()
                LOG.clear()
            return self.reply(200, "application/json", b"{}")
        result = sts(self, body)
        if result == "reset":
            self.close_connection = True
            self.connection.shutdown(2)
            return
        if result[0] == "truncated":
            # Promise the whole body, send half of it, hang up.
            out = result[1]
            self.send_response(200)
            self.send_header("Content-Type", "text/xml")
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out[: len(out) // 2])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(2)
            return
        self.reply(*result)


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    tmp = sys.argv[1] + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(tmp, sys.argv[1])
    # Stop by itself after a while, whatever happens to the test that started it.
    threading.Timer(float(sys.argv[2]) if len(sys.argv) > 2 else 600, server.shutdown).start()
    server.serve_forever()


main()
