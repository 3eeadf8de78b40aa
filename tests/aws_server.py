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
    # shaped like real temporary credentials, for the redaction tests
    "ASIAQUOTACASETEST003": ("wJalrXUtnFEMI/K7MDENG/bPxRfiCYqcTEST0003",
                             "IQoJb3JpZ2luX2VjEHQaCXVzLWVhc3QtMSJHMEUCIQD" + "quotacaseTEST" * 12,
                             "arn:aws:iam::%s:user/temporary" % ACCOUNT),
}
WEB_IDENTITY_TOKEN = "web-identity-token-ok"
CONTAINER_TOKEN = "container-auth-token"
IMDS_TOKEN = "imds-token-1"
LOCK = threading.Lock()
FAULTS = []
LOG = []
CONFIG = {"max_datapoints": 100800}


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


def check_signature(handler, body, fmt=None):
    """(None, access key) when valid, else (error response, None)."""
    fmt = fmt or xml_error
    auth = handler.headers.get("Authorization", "")
    if not auth.startswith("AWS4-HMAC-SHA256 "):
        return fmt("MissingAuthenticationToken", "Request is missing Authentication Token",
                   403), None
    parts = dict(p.strip().split("=", 1) for p in auth[len("AWS4-HMAC-SHA256 "):].split(","))
    ak, day, region, service, _ = parts["Credential"].split("/")
    with LOCK:
        known = KEYS.get(ak)
    if not known:
        return fmt("InvalidClientTokenId",
                   "The security token included in the request is invalid.", 403), None
    secret, token, _ = known
    if token and handler.headers.get("X-Amz-Security-Token") != token:
        return fmt("InvalidClientTokenId", "The security token is invalid.", 403), None
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
        return fmt("SignatureDoesNotMatch" if fmt is xml_error else "InvalidSignatureException",
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
        elif action == "GetMetricStatistics":
            return metric_statistics(form)
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


# ---- the seeded scenario: 7 days from 2026-01-05T00:00:00Z, one point a minute ----

T0 = 1767571200
DAYS = 7
SONNET = "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
NOVA = "amazon.nova-pro-v1:0"
HAIKU = "anthropic.claude-3-5-haiku-20241022-v1:0"
SUM_METRICS = ["Invocations", "InvocationThrottles", "InvocationClientErrors",
               "InvocationServerErrors", "InputTokenCount", "OutputTokenCount"]


def seed():
    """{model: {metric: {epoch: value}}}: minutes without data are absent."""
    data = {}
    for model in (SONNET, NOVA, HAIKU):
        data[model] = {m: {} for m in SUM_METRICS + ["InvocationLatency"]}
    for day in range(DAYS):
        for minute in range(24 * 60):
            t = T0 + day * 86400 + minute * 60
            weekday = day < 5
            # Sonnet: bursts on weekdays 09:00-17:00, every 13th minute; the
            # quota is 4 requests a minute, so the rest are throttled.
            if weekday and 540 <= minute < 1020 and minute % 13 == 0:
                attempts = 6 + (minute // 13 + day) % 9
                add(data[SONNET], t, min(attempts, 4), attempts - min(attempts, 4),
                    1 if minute % 91 == 0 else 0, 0, 4000 * min(attempts, 4), 600 * min(attempts, 4))
            # Nova: steady 14:00-16:00 on weekdays, never throttled.
            if weekday and 840 <= minute < 960:
                n = 3 + (minute + day) % 5
                add(data[NOVA], t, n, 0, 0, 1 if minute == 900 and day == 2 else 0, 1500 * n, 200 * n)
            # Haiku: a handful of calls on Tuesday only (quiet days elsewhere).
            if day == 1 and 600 <= minute < 610:
                add(data[HAIKU], t, 2, 1 if minute == 605 else 0, 0, 0, 800, 90)
    return data


def add(series, t, inv, thr, cerr, serr, tin, tout):
    for metric, v in zip(SUM_METRICS, (inv, thr, cerr, serr, tin, tout)):
        series[metric][t] = float(v)
    series["InvocationLatency"][t] = 900.0 + inv * 10


def dense():
    """Every minute of the week for three models and the six Sum metrics (bench)."""
    data = {}
    for i, model in enumerate((SONNET, NOVA, HAIKU)):
        data[model] = {m: {} for m in SUM_METRICS + ["InvocationLatency"]}
        for k in range(DAYS * 1440):
            t = T0 + k * 60
            n = 1 + (k + i) % 7
            add(data[model], t, n, k % 3, 0, 0, 1000 * n, 100 * n)
    return data


SEED = seed()


def aggregate(model, metric, stat, start, end, period):
    points = SEED.get(model, {}).get(metric, {})
    buckets = {}
    for t, v in points.items():
        if start <= t < end:
            buckets.setdefault(t - (t - start) % period, []).append(v)
    out = []
    for t in sorted(buckets):
        vs = buckets[t]
        if stat == "Sum":
            v = sum(vs)
        elif stat in ("Maximum", "p99"):
            v = max(vs)
        elif stat == "p50":
            v = sorted(vs)[len(vs) // 2]
        else:
            v = sum(vs) / len(vs)
        out.append((t, v))
    return out


QUOTAS = [
    # code, name, applied (None: no value of its own), default, adjustable, period unit
    ("L-2DC80978", "Cross-region model inference requests per minute for Anthropic Claude Sonnet 4.5 V1", 4.0, 200.0, True, "MINUTE"),
    ("L-6E888CC2", "Cross-region model inference tokens per minute for Anthropic Claude Sonnet 4.5 V1", 200000.0, 200000.0, True, "MINUTE"),
    ("L-8A5D3B1E", "Model invocation max tokens per day for Anthropic Claude Sonnet 4.5 V1 (doubled for cross-region calls)", None, 144000000.0, False, "DAY"),
    ("L-70423BF8", "On-demand model inference requests per minute for Amazon Nova Pro", 100.0, 100.0, True, "MINUTE"),
    ("L-3F1B9E52", "On-demand model inference tokens per minute for Amazon Nova Pro", 400000.0, 400000.0, True, "MINUTE"),
]


def quota_items(default):
    items = []
    for code, name, applied, dflt, adj, unit in QUOTAS:
        value = dflt if default else applied
        if value is None:
            continue
        items.append({"ServiceCode": "bedrock", "ServiceName": "Amazon Bedrock",
                      "QuotaArn": "arn:aws:servicequotas:us-east-1:%s:bedrock/%s" % ("" if default else ACCOUNT, code),
                      "QuotaCode": code, "QuotaName": name, "Value": value, "Unit": "None",
                      "Adjustable": adj, "GlobalQuota": False,
                      "Period": {"PeriodValue": 1, "PeriodUnit": unit}})
    return items


HISTORY = [{"Id": "5e0c8a1f9b2d4c7e8a6f3b1d2c4e6a8b0d1f3a5c", "ServiceCode": "bedrock",
            "ServiceName": "Amazon Bedrock", "QuotaCode": "L-2DC80978", "QuotaName": QUOTAS[0][1],
            "DesiredValue": 50.0, "Status": "PENDING", "Created": 1767974531.318,
            "LastUpdated": 1767974531.318, "Unit": "None", "GlobalQuota": False}]


def log_events(group):
    """Throttling errors of the application's log group, 1 in 3 Sonnet bursts."""
    if group != "/app/agent":
        return None
    out = []
    for t in sorted(SEED[SONNET]["InvocationThrottles"]):
        if SEED[SONNET]["InvocationThrottles"][t] and (t // 60) % 3 == 0:
            stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(t + 17))
            msg = ("%s,250 ERROR agent.triage An error occurred (ThrottlingException) when calling "
                   "the Converse operation (reached max retries: 2): Too many requests, please wait "
                   "before trying again. modelId=%s" % (stamp, SONNET))
            out.append({"logStreamName": "agent-1", "timestamp": (t + 17) * 1000,
                        "message": msg, "eventId": str(t)})
    return out


def metric_statistics(form):
    """CloudWatch GetMetricStatistics in the query protocol, as the aws CLI from
    Debian (botocore 1.29) sends it: at most 1,440 datapoints a call."""
    def when(s):
        return int(time.mktime(time.strptime(s[:19], "%Y-%m-%dT%H:%M:%S")) - time.timezone)
    start, end, period = when(form["StartTime"]), when(form["EndTime"]), int(form["Period"])
    if (end - start) // period > 1440:
        return xml_error("InvalidParameterCombination",
                         "You have requested up to %d datapoints, which exceeds the limit of 1440."
                         % ((end - start) // period))
    model = form.get("Dimensions.member.1.Value")
    stat = form.get("Statistics.member.1", "Sum")
    pts = aggregate(model, form["MetricName"], stat, start, end, period)
    members = "".join("<member><Timestamp>%s</Timestamp><%s>%s</%s><Unit>Count</Unit></member>"
                      % (time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t)), stat, v, stat)
                      for t, v in pts)
    body = ("<GetMetricStatisticsResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">"
            "<GetMetricStatisticsResult><Label>%s</Label><Datapoints>%s</Datapoints>"
            "</GetMetricStatisticsResult><ResponseMetadata><RequestId>req-3</RequestId>"
            "</ResponseMetadata></GetMetricStatisticsResponse>" % (form["MetricName"], members))
    return 200, "text/xml", body.encode()


def json_error(code, message, status=400):
    body = json.dumps({"__type": "com.amazonaws.service#" + code, "message": message}).encode()
    return status, "application/x-amz-json-1.1", body, {"x-amzn-query-error": code + ";Sender"}


def paginate(items, token, size):
    start = int(token) if token else 0
    page = items[start:start + size]
    nxt = str(start + size) if start + size < len(items) else None
    return page, nxt


def get_metric_data(req):
    queries = req.get("MetricDataQueries", [])
    if len(queries) > 500:
        return json_error("ValidationError", "too many queries: %d" % len(queries))
    budget = min(int(req.get("MaxDatapoints", 100800)), CONFIG["max_datapoints"])
    start, end = int(req["StartTime"]), int(req["EndTime"])
    qi, pi = (json.loads(req["NextToken"]) if req.get("NextToken") else (0, 0))
    results, total = [], 0
    while qi < len(queries) and total < budget:
        q = queries[qi]
        ms = q["MetricStat"]
        model = ms["Metric"]["Dimensions"][0]["Value"]
        pts = aggregate(model, ms["Metric"]["MetricName"], ms["Stat"], start, end, ms["Period"])
        take = pts[pi:pi + (budget - total)]
        total += len(take)
        done = pi + len(take) >= len(pts)
        results.append({"Id": q["Id"], "Label": q.get("Label", ms["Metric"]["MetricName"]),
                        "Timestamps": [t for t, _ in take], "Values": [v for _, v in take],
                        "StatusCode": "Complete" if done else "PartialData"})
        if done:
            qi, pi = qi + 1, 0
        else:
            pi += len(take)
    out = {"MetricDataResults": results, "Messages": []}
    if qi < len(queries):
        out["NextToken"] = json.dumps([qi, pi])
    return 200, "application/x-amz-json-1.0", json.dumps(out).encode(), {}


def json_service(handler, body):
    target = handler.headers.get("X-Amz-Target", "")
    op = target.split(".")[-1]
    with LOCK:
        LOG.append(op)
    err, _ = check_signature(handler, body, json_error)
    if err:
        return err
    fault = take_fault(op)
    if fault == "throttle":
        return json_error("ThrottlingException", "Rate exceeded")
    if fault == "echo":
        # Some services quote the request back in their error text.
        return json_error("ValidationException", "invalid request: Authorization: %s "
                          "X-Amz-Security-Token: %s" % (handler.headers.get("Authorization"),
                                                        handler.headers.get("X-Amz-Security-Token")))
    if fault == "denied":
        return json_error("AccessDeniedException", "User is not authorized to perform this action")
    if fault == "slow":
        time.sleep(3)
    if fault == "500":
        return json_error("InternalFailure", "try again", 500)
    req = json.loads(body or b"{}")
    if op == "GetMetricData":
        return get_metric_data(req)
    if op == "GetMetricStatistics":
        start, end, period = int(req["StartTime"]), int(req["EndTime"]), int(req["Period"])
        if (end - start) // period > 1440:
            return json_error("InvalidParameterCombination", "more than 1440 datapoints")
        stat = req.get("Statistics", ["Sum"])[0]
        pts = aggregate(req["Dimensions"][0]["Value"], req["MetricName"], stat, start, end, period)
        out = {"Label": req["MetricName"],
               "Datapoints": [{"Timestamp": t, stat: v, "Unit": "Count"} for t, v in pts]}
        return 200, "application/x-amz-json-1.0", json.dumps(out).encode(), {}
    if op == "ListMetrics":
        models = sorted(m for m in SEED if SEED[m]["Invocations"])
        page, nxt = paginate(models, req.get("NextToken"), 2)
        out = {"Metrics": [{"Namespace": "AWS/Bedrock", "MetricName": "Invocations",
                            "Dimensions": [{"Name": "ModelId", "Value": m}]} for m in page]}
    elif op in ("ListServiceQuotas", "ListAWSDefaultServiceQuotas"):
        page, nxt = paginate(quota_items(op != "ListServiceQuotas"), req.get("NextToken"), 2)
        out = {"Quotas": page}
    elif op == "ListRequestedServiceQuotaChangeHistory":
        page, nxt = HISTORY, None
        out = {"RequestedQuotas": page}
    elif op == "FilterLogEvents":
        events = log_events(req.get("logGroupName"))
        if events is None:
            return json_error("ResourceNotFoundException", "The specified log group does not exist.")
        events = [e for e in events if req["startTime"] <= e["timestamp"] < req["endTime"]]
        # Pages of 7, with an empty page after each full one while a token remains.
        tok = int(req.get("nextToken", "0"))
        if tok % 2:
            page, nxt = [], str(tok + 1)
        else:
            i = tok // 2 * 7
            page = events[i:i + 7]
            nxt = str(tok + 1) if i + 7 < len(events) else None
        out = {"events": page, "searchedLogStreams": []}
        if nxt:
            out["nextToken"] = nxt
        return 200, "application/x-amz-json-1.1", json.dumps(out).encode(), {}
    else:
        return json_error("UnknownOperationException", op)
    if nxt:
        out["NextToken"] = nxt
    return 200, "application/x-amz-json-1.1", json.dumps(out).encode(), {}


def export(kind, start, end, period):
    """The same data as the aws CLI would print it (for the import comparison)."""
    if kind == "get-metric-data":
        queries = [("Invocations", "Sum"), ("InvocationThrottles", "Sum"),
                   ("InvocationClientErrors", "Sum"), ("InvocationServerErrors", "Sum"),
                   ("InputTokenCount", "Sum"), ("OutputTokenCount", "Sum"),
                   ("InvocationLatency", "Average"), ("InvocationLatency", "p50"),
                   ("InvocationLatency", "p99"), ("InvocationLatency", "Maximum")]
        res = []
        for i, m in enumerate(sorted(SEED)):
            for k, (metric, stat) in enumerate(queries):
                pts = aggregate(m, metric, stat, start, end, period)
                if not pts:
                    continue
                res.append({"Id": "q%d_%d" % (i, k), "Label": "%s %s %s" % (m, metric, stat),
                            "Timestamps": [time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(t))
                                           for t, _ in reversed(pts)],
                            "Values": [v for _, v in reversed(pts)], "StatusCode": "Complete"})
        return {"MetricDataResults": res, "Messages": []}
    if kind == "list-service-quotas":
        return {"Quotas": quota_items(False)}
    if kind == "list-aws-default-service-quotas":
        return {"Quotas": quota_items(True)}
    if kind == "change-history":
        return {"RequestedQuotas": [dict(h, Created=time.strftime("%Y-%m-%dT%H:%M:%S.318000+00:00", time.gmtime(int(h["Created"]))),
                                         LastUpdated=time.strftime("%Y-%m-%dT%H:%M:%S.318000+00:00", time.gmtime(int(h["LastUpdated"]))))
                                    for h in HISTORY]}
    if kind == "seed":
        return {m: {k: {str(t): v for t, v in pts.items()} for k, pts in d.items()} for m, d in SEED.items()}
    return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, ctype, body, extra=None):
        self.send_response(status)
        for k, v in (extra or {}).items():
            self.send_header(k, v)
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
        if path == "/__export":
            q = dict(parse_qsl(urlsplit(self.path).query))
            doc = export(q.get("kind"), int(q.get("start", T0)), int(q.get("end", T0 + DAYS * 86400)),
                         int(q.get("period", 60)))
            return self.reply(200 if doc is not None else 404, "application/json",
                              json.dumps(doc, indent=1).encode())
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
        if path == "/__config":
            global SEED
            with LOCK:
                CONFIG.update(json.loads(body))
                SEED = dense() if CONFIG.get("dense") else seed()
            return self.reply(200, "application/json", b"{}")
        if path == "/__reset":
            with LOCK:
                FAULTS.clear()
                LOG.clear()
                CONFIG["max_datapoints"] = 100800
            return self.reply(200, "application/json", b"{}")
        if self.headers.get("X-Amz-Target"):
            return self.reply(*json_service(self, body))
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
