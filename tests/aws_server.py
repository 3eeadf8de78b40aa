#!/usr/bin/python3
"""A local AWS-compatible endpoint for quotacase's tests.

Runs on 127.0.0.1 on a free port (written to the file named by the first
argument) with Debian's python3 and python3-botocore only.  Every signed
request's SigV4 signature is checked independently with botocore; a bad one
is refused the way AWS refuses it.  It serves:

  STS (query protocol, XML)  GetCallerIdentity, AssumeRole,
                             AssumeRoleWithWebIdentity
  CloudWatch (JSON 1.0)      GetMetricData, GetMetricStatistics, ListMetrics
  CloudWatch Logs (JSON 1.1) FilterLogEvents
  Service Quotas (JSON 1.1)  ListServiceQuotas, ListAWSDefaultServiceQuotas,
                             ListRequestedServiceQuotaChangeHistory,
                             ListRequestedServiceQuotaChangeHistoryByQuota,
                             GetServiceQuota, GetAWSDefaultServiceQuota,
                             RequestServiceQuotaIncrease,
                             GetRequestedServiceQuotaChange
  AWS Support (JSON 1.1)     DescribeServices, DescribeSeverityLevels,
                             AddAttachmentsToSet, AddCommunicationToCase,
                             CreateCase, DescribeCases, DescribeCommunications
                             (signed for us-east-1 and "support" only)
  IMDSv2                     PUT /latest/api/token, GET /latest/meta-data/...
  SSO portal                 GET /federation/credentials (GetRoleCredentials; the
                             access token "sso-access-token-1" is valid)
  SSO OIDC                   POST /token (CreateToken with a refresh token: client
                             "sso-client-id-1"/"sso-client-secret-1", refresh token
                             "sso-refresh-token-1"; each gives a new pair)
  container credentials      GET /container/credentials

with AWS's limits and error codes: a quota increase request stays PENDING, and
after CONFIG["case_after"] reads of it Service Quotas opens a support case for
it; attachment sets hold three files of at most 5 MB and expire.

Control endpoints (not signed):
  POST /__fault {"action": "GetCallerIdentity", "kind":
      "throttle|toomany|500|503|slow|reset|truncated|expired|denied|echo|lost|served500|code:NAME",
      "count": N}        (lost: served, then the connection drops before the answer;
                         served500: served, then answered with a 500;
                         code:NAME: that AWS error, for the JSON services)
  POST /__config {...}   merges keys into CONFIG (defaults in DEFAULTS)
  POST /__reset          clears faults and the log, restores CONFIG's defaults
                         and the quotas, requests, cases and attachment sets
  POST /__advance {"status": S, "case_status": C}
                         every open increase request takes status S (APPROVED
                         applies its value); with C, every case takes status C
  GET /__log             the actions served (with attempts)
  GET /__support         the requests (with the body each was made from), the
                         cases with all their communications and attachments,
                         and the attachment sets
  GET /__export?kind=... the data as the aws CLI would print it
"""
import base64
import copy
import datetime
import hashlib
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
# IAM Identity Center: the access tokens the portal takes, the OIDC client
# registration and the refresh tokens CreateToken takes.
SSO_TOKENS = {"sso-access-token-1"}
SSO_CLIENT = ("sso-client-id-1", "sso-client-secret-1")
SSO_REFRESH = {"sso-refresh-token-1"}
CONTAINER_TOKEN = "container-auth-token"
IMDS_TOKEN = "imds-token-1"
LOCK = threading.Lock()
FAULTS = []
LOG = []
DEFAULTS = {
    "max_datapoints": 100800,
    "history": True,        # False: no increase request was made before the tests
    "case_after": 2,        # reads of a PENDING request before it gets a case; -1 never
    "auto_approve": False,  # a new increase request is APPROVED at once
    "support_plan": True,   # False: every AWS Support call is SubscriptionRequiredException
    "set_ttl": 3600,        # seconds an attachment set lives
    "max_sets": 100,        # attachment sets that may be created (since /__reset)
    "max_open": 20,         # increase requests that may be open at once
    "severities": ["low", "normal", "high", "urgent"],
    "max_attachment_bytes": 5000000,  # the largest attachment AWS Support takes
    # {"reads": N, "status": S}: the Nth GetRequestedServiceQuotaChange (since
    # this was configured) first moves every open request to S, as /__advance would
    "advance_after": None,
    # seconds the server's clock is ahead of the real one (its Date header
    # shows it; a signature dated 15 minutes off its clock is refused)
    "clock_skew": 0,
    # "account/region" scopes whose CloudWatch and CloudWatch Logs hold no data
    "quiet": [],
    # operations whose first calls are held until every one of them has
    # arrived (for at most 20 s): GET /__meet then says whether they met,
    # which only a client that has them in flight at once can make happen
    "meet": [],
    # {"Operation": seconds}: each call of it is answered that much later
    "latency": {},
}
CONFIG = copy.deepcopy(DEFAULTS)


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
    stamp = handler.headers.get("X-Amz-Date", "")
    req.context["timestamp"] = stamp
    now = time.time() + CONFIG["clock_skew"]
    try:
        signed = datetime.datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(
            tzinfo=datetime.timezone.utc).timestamp()
    except ValueError:
        signed = None
    if signed is not None and abs(signed - now) > 900:
        fmt_t = lambda t: time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(t))
        return fmt("SignatureDoesNotMatch" if fmt is xml_error else "InvalidSignatureException",
                   "Signature %s: %s is now earlier than %s (%s - 15 min.)"
                   % ("expired" if signed < now else "not yet current", stamp,
                      fmt_t(now - 900), fmt_t(now)), 403), None
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
                   "</GetCallerIdentityResponse>" % (arn, ak[-8:], arn.split(":")[4])).encode()
        elif action == "GetMetricStatistics":
            return metric_statistics(form)
        elif action == "AssumeRole":
            role = form.get("RoleArn", "")
            if role.endswith(":role/needs-external-id") and form.get("ExternalId") != "ext-123":
                return xml_error("AccessDenied", "ExternalId does not match", 403)
            if role.endswith(":role/needs-mfa") and (form.get("SerialNumber") != "arn:aws:iam::%s:mfa/tester" % ACCOUNT
                                                     or form.get("TokenCode") != "123456"):
                return xml_error("AccessDenied", "MultiFactorAuthentication failed with invalid MFA "
                                 "one time pass code.", 403)
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


def quota_item(row, value, default):
    code, name, _, _, adj, unit = row
    return {"ServiceCode": "bedrock", "ServiceName": "Amazon Bedrock",
            "QuotaArn": "arn:aws:servicequotas:us-east-1:%s:bedrock/%s" % ("" if default else ACCOUNT, code),
            "QuotaCode": code, "QuotaName": name, "Value": value, "Unit": "None",
            "Adjustable": adj, "GlobalQuota": False,
            "Period": {"PeriodValue": 1, "PeriodUnit": unit}}


def quota_items(default):
    """The defaults, or the values applied now (an approved increase changes them)."""
    with LOCK:
        applied = dict(APPLIED)
    items = []
    for row in QUOTAS:
        value = row[3] if default else applied.get(row[0])
        if value is None:
            continue
        items.append(quota_item(row, value, default))
    return items


HISTORY = [{"Id": "5e0c8a1f9b2d4c7e8a6f3b1d2c4e6a8b0d1f3a5c", "ServiceCode": "bedrock",
            "ServiceName": "Amazon Bedrock", "QuotaCode": "L-2DC80978", "QuotaName": QUOTAS[0][1],
            "DesiredValue": 50.0, "Status": "PENDING", "Created": 1767974531.318,
            "LastUpdated": 1767974531.318, "Unit": "None", "GlobalQuota": False}]


# ---- the account's state: applied values, increase requests, support cases ----
# Fields of a request or a case whose names start with "_" are kept here only.

APPLIED = {}    # quota code: value applied now (None: no value of its own)
REQUESTS = []   # increase requests, shaped like HISTORY's entries
CASES = []      # support cases, each with all its communications
SETS = {}       # attachment set id: the set
COUNTS = {"sets": 0}
OPEN = ("PENDING", "CASE_OPENED")


def history_entry(h):
    return dict(h, _allowed=True, _reads=0)


def reset_state():
    """Back to the seed (the caller holds LOCK)."""
    APPLIED.clear()
    APPLIED.update({row[0]: row[2] for row in QUOTAS})
    REQUESTS[:] = [history_entry(h) for h in HISTORY] if CONFIG["history"] else []
    CASES.clear()
    SETS.clear()
    COUNTS["sets"] = 0
    COUNTS["reads"] = 0


def apply_history():
    """CONFIG["history"] drops or brings back the request made before the tests."""
    ids = [h["Id"] for h in HISTORY]
    if CONFIG.get("history"):
        have = set(r["Id"] for r in REQUESTS)
        REQUESTS[:0] = [history_entry(h) for h in HISTORY if h["Id"] not in have]
    else:
        REQUESTS[:] = [r for r in REQUESTS if r["Id"] not in ids]


with LOCK:
    reset_state()


WORKER_USERS = {"/app/worker-a": ["alice@example.com", "shared@example.com"],
                "/app/worker-b": ["bob@example.com", "shared@example.com"]}


def log_events(group):
    """Throttling errors of the application's log group, 1 in 3 Sonnet bursts;
    the workers' groups name users (e-mail addresses the redactor replaces)."""
    if group in WORKER_USERS:
        users = WORKER_USERS[group]
        n = 30 if group.endswith("-a") else 9
        out = []
        for k in range(n):
            t = T0 + 3600 * 30 + k * 600 + (0 if group.endswith("-a") else 300)
            stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))
            msg = ("%s WARN worker throttled for %s: ThrottlingException: Too many tokens, "
                   "please wait before trying again. modelId=%s" % (stamp, users[k % 2], SONNET))
            out.append({"logStreamName": "w-%d" % (k % 3), "timestamp": t * 1000,
                        "message": msg, "eventId": "%s-%d" % (group, k)})
        return out
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


# ---- Service Quotas: values, increase requests ----

def public(item):
    return {k: v for k, v in item.items() if not k.startswith("_")}


def iso(t):
    """2026-01-12T10:00:00.000Z"""
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + ".%03dZ" % int(t % 1 * 1000)


def parse_time(s):
    """Epoch seconds of an ISO 8601 time (UTC unless it says otherwise)."""
    if not isinstance(s, str) or not s:
        raise ValueError(s)
    d = datetime.datetime.fromisoformat(s[:-1] + "+00:00" if s.endswith(("Z", "z")) else s)
    if d.tzinfo is None:
        d = d.replace(tzinfo=datetime.timezone.utc)
    return d.timestamp()


def num(v):
    return "%d" % v if float(v).is_integer() else repr(float(v))


def invalid(field, constraint, value=None):
    shown = "null" if value is None else "'%s'" % (value,)
    return json_error("ValidationException", "1 validation error detected: Value %s at '%s' "
                      "failed to satisfy constraint: %s" % (shown, field, constraint))


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def page_size(req, key, low, high, default):
    """(size, None), or (None, error) when the request's key is out of range."""
    v = req.get(key)
    if v is None:
        return default, None
    if not isinstance(v, int) or isinstance(v, bool) or not low <= v <= high:
        return None, invalid(key, "Member must have value between %d and %d" % (low, high), v)
    return v, None


def page_token(req, key):
    v = req.get(key)
    if v is None or (isinstance(v, str) and v.isdigit()):
        return v, None
    return None, json_error("ValidationException", "Invalid pagination token")


NO_QUOTA = "The request failed because the specified quota does not exist."
STATUSES = ("PENDING", "CASE_OPENED", "APPROVED", "DENIED", "CASE_CLOSED", "NOT_APPROVED",
            "INVALID_REQUEST")


def find_quota(req):
    """(QUOTAS row, None) for the request's ServiceCode and QuotaCode, else (None, error)."""
    for key in ("ServiceCode", "QuotaCode"):
        if not isinstance(req.get(key), str) or not req[key]:
            return None, invalid(key[0].lower() + key[1:], "Member must not be null", req.get(key))
    if req["ServiceCode"] != "bedrock":
        return None, json_error("NoSuchResourceException",
                                "The request failed because the specified service does not exist.")
    for row in QUOTAS:
        if row[0] == req["QuotaCode"]:
            return row, None
    return None, json_error("NoSuchResourceException", NO_QUOTA)


def new_case(subject, service, category, severity, by, language, cc, body, body_by, attachments):
    """A case, in CASES, with its first communication (the caller holds LOCK)."""
    case = {"caseId": "case-%s-2026-%s" % (ACCOUNT, secrets.token_hex(8)),
            "displayId": str(178867579400000 + len(CASES)), "subject": subject,
            "status": "opened", "serviceCode": service, "categoryCode": category,
            "severityCode": severity, "submittedBy": by, "timeCreated": iso(time.time()),
            "ccEmailAddresses": list(cc), "language": language, "communications": []}
    CASES.append(case)
    add_communication(case, body, body_by, attachments)
    return case


def add_communication(case, body, by, attachments):
    case["communications"].append({
        "caseId": case["caseId"], "body": body, "submittedBy": by, "timeCreated": iso(time.time()),
        "attachmentSet": [{"attachmentId": a["attachmentId"], "fileName": a["fileName"]}
                          for a in attachments],
        "_attachments": [dict(a) for a in attachments]})


def case_for_request(r):
    """Service Quotas hands a request it cannot approve alone to AWS Support."""
    case = new_case("Service Quotas increase request: %s" % r["QuotaName"], "service-limit-increase",
                    "other", "normal", "Service Quotas", "en", [],
                    "We received your request to increase %s to %s." % (r["QuotaName"],
                                                                        num(r["DesiredValue"])),
                    "Amazon Web Services", [])
    r["CaseId"] = case["displayId"]
    r["Status"] = "CASE_OPENED"
    r["LastUpdated"] = time.time()


def request_increase(req, arn, raw):
    v = req.get("DesiredValue")
    if not is_number(v) or not 0 <= v <= 1e10:
        return invalid("desiredValue", "Member must have value between 0 and 1.0E10", v)
    allowed = req.get("SupportCaseAllowed", True)
    if not isinstance(allowed, bool):
        return invalid("supportCaseAllowed", "Member must be a boolean", allowed)
    if req.get("ContextId") is not None and not isinstance(req["ContextId"], str):
        return invalid("contextId", "Member must be a string", req["ContextId"])
    row, err = find_quota(req)
    if err:
        return err
    code = row[0]
    if not row[4]:
        return json_error("IllegalArgumentException", "The quota %s is not adjustable." % code)
    with LOCK:
        current = APPLIED.get(code)
        current = row[3] if current is None else current
        if v <= current:
            return json_error("IllegalArgumentException", "The requested value must be greater "
                              "than the current value (%s)." % num(current))
        open_now = [r for r in REQUESTS if r["Status"] in OPEN]
        for r in open_now:
            if r["QuotaCode"] == code:
                return json_error("ResourceAlreadyExistsException",
                                  "A request for this quota is already open: %s." % r["Id"])
        if len(open_now) + 1 > CONFIG["max_open"]:
            return json_error("QuotaExceededException",
                              "You have exceeded your service quota. To perform the requested "
                              "action, remove some of the relevant resources, or use Service "
                              "Quotas to request a service quota increase.")
        now = time.time()
        r = {"Id": secrets.token_hex(16), "ServiceCode": "bedrock", "ServiceName": "Amazon Bedrock",
             "QuotaCode": code, "QuotaName": row[1], "DesiredValue": float(v), "Status": "PENDING",
             "Created": now, "LastUpdated": now,
             "Requester": json.dumps({"accountId": ACCOUNT, "callerArn": arn}),
             "QuotaArn": "arn:aws:servicequotas:us-east-1:%s:bedrock/%s" % (ACCOUNT, code),
             "GlobalQuota": False, "Unit": "None", "_allowed": allowed, "_reads": 0,
             "_received": raw.decode("utf-8", "replace")}
        if CONFIG["auto_approve"]:
            r["Status"] = "APPROVED"
            APPLIED[code] = float(v)
        elif not allowed:
            r["Status"] = "NOT_APPROVED"
        REQUESTS.append(r)
        return {"RequestedQuota": public(r)}


def get_request(req):
    rid = req.get("RequestId")
    if not isinstance(rid, str) or not rid:
        return invalid("requestId", "Member must not be null", rid)
    with LOCK:
        for r in REQUESTS:
            if r["Id"] != rid:
                continue
            if r["Status"] == "PENDING" and r["_allowed"]:
                r["_reads"] += 1
                if 0 <= CONFIG["case_after"] <= r["_reads"]:
                    case_for_request(r)
            return {"RequestedQuota": public(r)}
    return json_error("NoSuchResourceException",
                      "The request failed because the specified request does not exist.")


def requests_listed(req, code=None):
    status = req.get("Status")
    if status is not None and status not in STATUSES:
        return None, invalid("status", "Member must satisfy enum value set: [%s]"
                             % ", ".join(STATUSES), status)
    with LOCK:
        return [public(r) for r in REQUESTS
                if (code is None or r["QuotaCode"] == code)
                and (status is None or r["Status"] == status)], None


def service_quotas_op(op, req, arn, raw):
    """The answer (a dict, or an error response) to a Service Quotas operation, or
    None when op is not one of these."""
    if op == "GetServiceQuota":
        row, err = find_quota(req)
        if err:
            return err
        with LOCK:
            value = APPLIED.get(row[0])
        if value is None:
            return json_error("NoSuchResourceException", NO_QUOTA)
        return {"Quota": quota_item(row, value, False)}
    if op == "GetAWSDefaultServiceQuota":
        row, err = find_quota(req)
        return err or {"Quota": quota_item(row, row[3], True)}
    if op == "ListRequestedServiceQuotaChangeHistoryByQuota":
        row, err = find_quota(req)
        if err:
            return err
        size, err = page_size(req, "MaxResults", 1, 100, 2)
        token, err = (None, err) if err else page_token(req, "NextToken")
        if err:
            return err
        items, err = requests_listed(req, row[0])
        if err:
            return err
        page, nxt = paginate(items, token, min(size, 2))
        out = {"RequestedQuotas": page}
        if nxt:
            out["NextToken"] = nxt
        return out
    if op == "RequestServiceQuotaIncrease":
        return request_increase(req, arn, raw)
    if op == "GetRequestedServiceQuotaChange":
        with LOCK:
            after = CONFIG.get("advance_after")
            COUNTS["reads"] = COUNTS.get("reads", 0) + 1
            due = after and COUNTS["reads"] == after["reads"]
        if due:
            advance({"status": after["status"], "case_status": after.get("case_status")})
        return get_request(req)
    return None


# ---- AWS Support: services, cases, communications, attachment sets ----

SERVICES = [
    {"code": "service-limit-increase", "name": "Service Limit Increase",
     "categories": [{"code": "other", "name": "Other"}, {"code": "bedrock", "name": "Amazon Bedrock"}]},
    {"code": "amazon-bedrock", "name": "Amazon Bedrock",
     "categories": [{"code": "general-guidance", "name": "General Guidance"}]},
    {"code": "amazon-elastic-compute-cloud-linux", "name": "EC2 (Linux)",
     "categories": [{"code": "other", "name": "Other"}]},
]
SET_SIZE = ("A limit for the size of an attachment set has been exceeded. The limits are three "
            "attachments and 5 MB per attachment.")


def support_body(req, key="communicationBody"):
    v = req.get(key)
    if not isinstance(v, str) or not v:
        return invalid(key, "Member must have length greater than or equal to 1", v)
    if len(v) > 8000:
        return invalid(key, "Member must have length less than or equal to 8000", "...")
    return None


def support_cc(req):
    cc = req.get("ccEmailAddresses", [])
    if not isinstance(cc, list) or len(cc) > 10 or not all(isinstance(a, str) for a in cc):
        return None, invalid("ccEmailAddresses", "Member must have length less than or equal to 10")
    return cc, None


def take_set(set_id):
    """(attachments, None) of an attachment set a communication may use, or (None,
    error) (the caller holds LOCK)."""
    if set_id is None:
        return [], None
    s = SETS.get(set_id) if isinstance(set_id, str) else None
    if s is None or s["used"]:
        return None, json_error("AttachmentSetIdNotFound",
                                "An attachment set with the specified ID could not be found.")
    if time.time() >= s["expiry"]:
        return None, json_error("AttachmentSetExpired",
                                "The expiration time of the attachment set has passed. The set "
                                "expires 1 hour after it is created.")
    return s["attachments"], None


def find_case(case_id):
    for c in CASES:
        if c["caseId"] == case_id:
            return c
    return None


NO_CASE = "Requested case ID does not exist."


def add_attachments(req):
    files = req.get("attachments")
    if not isinstance(files, list) or not files:
        return invalid("attachments", "Member must not be null", files)
    decoded = []
    for f in files:
        if not isinstance(f, dict) or not isinstance(f.get("fileName"), str) or not f["fileName"]:
            return invalid("attachments.member.fileName", "Member must not be null")
        try:
            if not isinstance(f.get("data"), str):
                raise ValueError(f.get("data"))
            data = base64.b64decode(f["data"], validate=True)
        except ValueError:
            return json_error("ValidationException", "1 validation error detected: Value at "
                              "'attachments.member.data' failed to satisfy constraint: Member "
                              "must be a valid Base64 string")
        decoded.append((f["fileName"], data))
    set_id = req.get("attachmentSetId")
    with LOCK:
        if set_id is not None:
            held, err = take_set(set_id)
            if err:
                return err
        else:
            held = []
            if COUNTS["sets"] + 1 > CONFIG["max_sets"]:
                return json_error("AttachmentLimitExceeded",
                                  "The limit for the number of attachment sets created in a "
                                  "short period of time has been exceeded.")
        if len(held) + len(decoded) > 3 or any(len(d) > CONFIG["max_attachment_bytes"] for _, d in decoded):
            return json_error("AttachmentSetSizeLimitExceeded", SET_SIZE)
        if set_id is None:
            now = time.time()
            set_id = "as-" + secrets.token_hex(20)
            SETS[set_id] = {"attachmentSetId": set_id, "created": now,
                            "expiry": now + CONFIG["set_ttl"], "attachments": [], "used": None}
            COUNTS["sets"] += 1
        s = SETS[set_id]
        for name, data in decoded:
            s["attachments"].append({"attachmentId": "attachment-%s" % secrets.token_hex(16),
                                     "fileName": name, "bytes": len(data),
                                     "sha256": hashlib.sha256(data).hexdigest()})
        return {"attachmentSetId": set_id, "expiryTime": iso(s["expiry"])}


def add_to_case(req, arn):
    err = support_body(req)
    cc, err = (None, err) if err else support_cc(req)
    if err:
        return err
    with LOCK:
        case = find_case(req.get("caseId"))
        if case is None:
            return json_error("CaseIdNotFound", NO_CASE)
        attachments, err = take_set(req.get("attachmentSetId"))
        if err:
            return err
        add_communication(case, req["communicationBody"], arn, attachments)
        if req.get("attachmentSetId") is not None:
            SETS[req["attachmentSetId"]]["used"] = case["caseId"]
        case["ccEmailAddresses"] += [a for a in cc if a not in case["ccEmailAddresses"]]
        if case["status"] == "resolved":
            case["status"] = "reopened"
    return {"result": True}


def create_case(req, arn):
    subject = req.get("subject")
    if not isinstance(subject, str) or not subject:
        return invalid("subject", "Member must not be null", subject)
    err = support_body(req)
    cc, err = (None, err) if err else support_cc(req)
    if err:
        return err
    service = req.get("serviceCode", "service-limit-increase")
    known = [s for s in SERVICES if s["code"] == service]
    if not known:
        return json_error("ValidationException", "Invalid service code")
    category = req.get("categoryCode", known[0]["categories"][0]["code"])
    if category not in [c["code"] for c in known[0]["categories"]]:
        return json_error("ValidationException", "Invalid category code")
    with LOCK:
        severities = list(CONFIG["severities"])
    severity = req.get("severityCode", "low" if "low" in severities or not severities
                       else severities[0])
    if severity not in severities:
        return json_error("ValidationException", "Invalid severity code")
    if req.get("issueType", "technical") not in ("technical", "customer-service"):
        return invalid("issueType", "Member must be technical or customer-service",
                       req.get("issueType"))
    language = req.get("language", "en")
    if not isinstance(language, str):
        return invalid("language", "Member must be a string", language)
    with LOCK:
        attachments, err = take_set(req.get("attachmentSetId"))
        if err:
            return err
        case = new_case(subject, service, category, severity, arn, language, cc,
                        req["communicationBody"], arn, attachments)
        if req.get("attachmentSetId") is not None:
            SETS[req["attachmentSetId"]]["used"] = case["caseId"]
        return {"caseId": case["caseId"]}


def time_window(req):
    """(after, before) in epoch seconds (None when not given), or an error."""
    out = []
    for key in ("afterTime", "beforeTime"):
        try:
            out.append(None if req.get(key) is None else parse_time(req[key]))
        except ValueError:
            return None, None, invalid(key, "Member must be an ISO 8601 time", req.get(key))
    return out[0], out[1], None


def in_window(stamp, after, before):
    t = parse_time(stamp)
    return (after is None or t >= after) and (before is None or t < before)


def newest_first(case):
    return [public(m) for m in reversed(case["communications"])]


def describe_cases(req):
    size, err = page_size(req, "maxResults", 10, 100, 100)
    token, err = (None, err) if err else page_token(req, "nextToken")
    after, before, err = (None, None, err) if err else time_window(req)
    if err:
        return err
    ids = req.get("caseIdList")
    if ids is not None and (not isinstance(ids, list) or len(ids) > 100):
        return invalid("caseIdList", "Member must have length less than or equal to 100")
    resolved = req.get("includeResolvedCases", False) is True
    comms = req.get("includeCommunications", True) is not False
    with LOCK:
        chosen = CASES
        if ids is not None:
            for i in ids:
                if find_case(i) is None:
                    return json_error("CaseIdNotFound", NO_CASE)
            chosen = [c for c in CASES if c["caseId"] in ids]
        out = []
        for c in chosen:
            if req.get("displayId") is not None and c["displayId"] != req["displayId"]:
                continue
            if not in_window(c["timeCreated"], after, before):
                continue
            if c["status"] == "resolved" and not resolved:
                continue
            item = {k: copy.deepcopy(v) for k, v in c.items()
                    if k != "communications" and not k.startswith("_")}
            if comms:
                listed = newest_first(c)
                item["recentCommunications"] = {"communications": listed[:5]}
                if len(listed) > 5:
                    item["recentCommunications"]["nextToken"] = "5"
            out.append(item)
    page, nxt = paginate(out, token, size)
    res = {"cases": page}
    if nxt:
        res["nextToken"] = nxt
    return res


def describe_communications(req):
    size, err = page_size(req, "maxResults", 10, 100, 10)
    token, err = (None, err) if err else page_token(req, "nextToken")
    after, before, err = (None, None, err) if err else time_window(req)
    if err:
        return err
    with LOCK:
        case = find_case(req.get("caseId"))
        if case is None:
            return json_error("CaseIdNotFound", NO_CASE)
        listed = [m for m in newest_first(case) if in_window(m["timeCreated"], after, before)]
    page, nxt = paginate(listed, token, size)
    res = {"communications": page}
    if nxt:
        res["nextToken"] = nxt
    return res


def support_op(op, req, arn):
    """The answer (a dict, or an error response) to an AWS Support operation, or
    None when op is not one of these."""
    if op == "DescribeServices":
        codes = req.get("serviceCodeList")
        if codes is not None and not isinstance(codes, list):
            return invalid("serviceCodeList", "Member must be a list")
        return {"services": [copy.deepcopy(s) for s in SERVICES if codes is None or s["code"] in codes]}
    if op == "DescribeSeverityLevels":
        with LOCK:
            return {"severityLevels": [{"code": c, "name": c.capitalize()}
                                       for c in CONFIG["severities"]]}
    if op == "AddAttachmentsToSet":
        return add_attachments(req)
    if op == "AddCommunicationToCase":
        return add_to_case(req, arn)
    if op == "CreateCase":
        return create_case(req, arn)
    if op == "DescribeCases":
        return describe_cases(req)
    if op == "DescribeCommunications":
        return describe_communications(req)
    return None


def scope_of(handler):
    """(region, service) of the request's credential scope, or (None, None)."""
    auth = handler.headers.get("Authorization", "")
    for part in auth.split(" ", 1)[-1].split(","):
        name, _, value = part.strip().partition("=")
        if name == "Credential" and value.count("/") == 4:
            return tuple(value.split("/")[2:4])
    return None, None


def support_snapshot():
    """GET /__support: everything the account holds now."""
    with LOCK:
        requests = []
        for r in REQUESTS:
            item = public(r)
            if "_received" in r:
                item["received"] = r["_received"]
            requests.append(item)
        cases = []
        for c in CASES:
            item = {k: v for k, v in c.items() if k != "communications"}
            item["communications"] = [dict(public(m), attachments=[
                {"fileName": a["fileName"], "bytes": a["bytes"], "sha256": a["sha256"]}
                for a in m["_attachments"]]) for m in c["communications"]]
            cases.append(item)
        sets = [{"attachmentSetId": s["attachmentSetId"], "created": iso(s["created"]),
                 "expiry": iso(s["expiry"]), "used": s["used"],
                 "attachments": [{"fileName": a["fileName"], "bytes": a["bytes"],
                                  "sha256": a["sha256"]} for a in s["attachments"]]}
                for s in SETS.values()]
        return json.dumps({"requests": requests, "cases": cases, "sets": sets}, indent=1)


def advance(doc):
    """POST /__advance: AWS decides every open request (and moves every case)."""
    status, case_status = doc.get("status"), doc.get("case_status")
    moved = cases = 0
    with LOCK:
        now = time.time()
        if status:
            for r in REQUESTS:
                if r["Status"] in OPEN:
                    r["Status"], r["LastUpdated"] = status, now
                    moved += 1
                    if status == "APPROVED":
                        APPLIED[r["QuotaCode"]] = r["DesiredValue"]
        if case_status:
            for c in CASES:
                c["status"] = case_status
                add_communication(c, "The status of this case is now %s." % case_status,
                                  "Amazon Web Services", [])
                cases += 1
    return {"requests": moved, "cases": cases}


IAM_PREFIX = {"GraniteServiceVersion20100801": "cloudwatch", "Logs_20140328": "logs",
              "ServiceQuotasV20190624": "servicequotas", "AWSSupport_20130415": "support"}


MEET = {"arrived": set(), "met": None}
MEET_COND = threading.Condition(LOCK)


def meet(op):
    """Holds the first call of each CONFIG["meet"] operation until all have come."""
    with LOCK:
        want = set(CONFIG["meet"])
        if op not in want or op in MEET["arrived"]:
            return
        MEET["arrived"].add(op)
        MEET_COND.notify_all()
        MEET_COND.wait_for(lambda: MEET["arrived"] >= want, timeout=20)
        MEET["met"] = MEET["arrived"] >= want


def json_service(handler, body):
    target = handler.headers.get("X-Amz-Target", "")
    prefix, op = target.split(".")[0], target.split(".")[-1]
    with LOCK:
        LOG.append(op)
        delay = CONFIG["latency"].get(op, 0)
    meet(op)
    if delay:
        time.sleep(delay)
    if prefix in ("ServiceQuotasV20190624", "AWSSupport_20130415"):
        region, service = scope_of(handler)
        if region and prefix == "AWSSupport_20130415" and region != "us-east-1":
            return json_error("InvalidSignatureException",
                              "Credential should be scoped to a valid region", 403)
        if service and service != IAM_PREFIX[prefix]:
            return json_error("InvalidSignatureException", "Credential should be scoped to "
                              "correct service: '%s'." % IAM_PREFIX[prefix], 403)
    err, ak = check_signature(handler, body, json_error)
    if err:
        return err
    with LOCK:
        arn = KEYS[ak][2]
    fault = take_fault(op)
    if fault == "throttle":
        return json_error("ThrottlingException", "Rate exceeded")
    if fault == "toomany":
        return json_error("TooManyRequestsException", "Rate exceeded")
    if fault == "echo":
        # Some services quote the request back in their error text.
        return json_error("ValidationException", "invalid request: Authorization: %s "
                          "X-Amz-Security-Token: %s" % (handler.headers.get("Authorization"),
                                                        handler.headers.get("X-Amz-Security-Token")))
    if fault == "denied":
        return json_error("AccessDeniedException", "User: %s is not authorized to perform: %s:%s"
                          % (arn, IAM_PREFIX.get(prefix, prefix.lower()), op))
    if fault == "slow":
        time.sleep(3)
    if fault == "500":
        return json_error("InternalFailure", "try again", 500)
    if fault and fault.startswith("code:"):
        # Any AWS error by name, for the messages that explain each one.
        return json_error(fault[5:], "injected %s" % fault[5:])
    try:
        req = json.loads(body or b"{}")
    except ValueError:
        req = None
    if not isinstance(req, dict):
        return json_error("SerializationException", "The request body is not a JSON object.")
    answer = None
    if prefix == "AWSSupport_20130415":
        with LOCK:
            plan = CONFIG["support_plan"]
        if not plan:
            return 400, "application/x-amz-json-1.1", json.dumps(
                {"__type": "SubscriptionRequiredException",
                 "message": "Amazon Web Services Premium Support Subscription is required to "
                            "use this service."}).encode(), {}
        answer = support_op(op, req, arn)
    elif prefix == "ServiceQuotasV20190624":
        answer = service_quotas_op(op, req, arn, body)
    if fault == "lost":
        # The call is served, and its answer lost on the way back.
        return "reset"
    if fault == "served500":
        # The call is served, and AWS answers as if it failed.
        return json_error("InternalFailure", "try again", 500)
    if isinstance(answer, dict):
        return 200, "application/x-amz-json-1.1", json.dumps(answer).encode(), {}
    if answer is not None:
        return answer
    region, _ = scope_of(handler)
    if "%s/%s" % (arn.split(":")[4], region) in CONFIG["quiet"]:
        if op == "GetMetricData":
            return 200, "application/x-amz-json-1.0", json.dumps(
                {"MetricDataResults": [{"Id": q["Id"], "Label": q.get("Label", ""), "Timestamps": [],
                                        "Values": [], "StatusCode": "Complete"}
                                       for q in req.get("MetricDataQueries", [])],
                 "Messages": []}).encode(), {}
        if op == "ListMetrics":
            return 200, "application/x-amz-json-1.0", json.dumps({"Metrics": []}).encode(), {}
        if op == "FilterLogEvents":
            return 200, "application/x-amz-json-1.1", json.dumps(
                {"events": [], "searchedLogStreams": []}).encode(), {}
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
        page, err = requests_listed(req)
        if err:
            return err
        nxt = None
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
        def cli(t):
            return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).isoformat()
        with LOCK:
            return {"RequestedQuotas": [dict(public(h), Created=cli(h["Created"]),
                                             LastUpdated=cli(h["LastUpdated"]))
                                        for h in REQUESTS]}
    if kind == "seed":
        return {m: {k: {str(t): v for t, v in pts.items()} for k, pts in d.items()} for m, d in SEED.items()}
    return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def date_time_string(self, timestamp=None):
        return super().date_time_string(time.time() + CONFIG["clock_skew"])

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

    def sso_role_credentials(self):
        """SSO portal GetRoleCredentials: the bearer token in a header, unsigned."""
        with LOCK:
            LOG.append("GetRoleCredentials")
            ok = self.headers.get("x-amz-sso_bearer_token") in SSO_TOKENS
        if not ok:
            return self.reply(401, "application/json",
                              json.dumps({"message": "Session token not found or invalid"}).encode(),
                              {"x-amzn-ErrorType": "UnauthorizedException"})
        q = dict(parse_qsl(urlsplit(self.path).query))
        role, account = q.get("role_name", ""), q.get("account_id", "")
        ak, sk, tok, _ = temp_keys("arn:aws:sts::%s:assumed-role/AWSReservedSSO_%s_0123456789abcdef/tester"
                                   % (account, role))
        body = {"roleCredentials": {"accessKeyId": ak, "secretAccessKey": sk, "sessionToken": tok,
                                    "expiration": int((time.time() + 3600) * 1000)}}
        return self.reply(200, "application/json", json.dumps(body).encode())

    def sso_create_token(self, body):
        """SSO OIDC CreateToken with grantType refresh_token, unsigned."""
        req = json.loads(body or b"{}")
        with LOCK:
            LOG.append("CreateToken")
            client_ok = (req.get("clientId"), req.get("clientSecret")) == SSO_CLIENT
            grant_ok = req.get("grantType") == "refresh_token" and req.get("refreshToken") in SSO_REFRESH
            if client_ok and grant_ok:
                SSO_REFRESH.discard(req["refreshToken"])
                access, refresh = "sso-access-" + secrets.token_hex(8), "sso-refresh-" + secrets.token_hex(8)
                SSO_TOKENS.add(access)
                SSO_REFRESH.add(refresh)
        if not client_ok:
            return self.reply(400, "application/json", json.dumps(
                {"error": "invalid_client", "error_description": "Client authentication failed"}).encode(),
                {"x-amzn-ErrorType": "InvalidClientException"})
        if not grant_ok:
            return self.reply(400, "application/json", json.dumps(
                {"error": "invalid_grant", "error_description": "Invalid refresh token provided"}).encode(),
                {"x-amzn-ErrorType": "InvalidGrantException"})
        return self.reply(200, "application/json", json.dumps(
            {"accessToken": access, "tokenType": "Bearer", "expiresIn": 28800,
             "refreshToken": refresh}).encode())

    def do_GET(self):
        path = urlsplit(self.path).path
        if path == "/federation/credentials":
            return self.sso_role_credentials()
        if path == "/__log":
            with LOCK:
                return self.reply(200, "application/json", json.dumps(LOG).encode())
        if path == "/__meet":
            with LOCK:
                return self.reply(200, "application/json", json.dumps(
                    {"met": MEET["met"], "arrived": sorted(MEET["arrived"])}).encode())
        if path == "/__support":
            return self.reply(200, "application/json", support_snapshot().encode())
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
        global SEED
        body = self.body()
        path = urlsplit(self.path).path
        if path == "/__fault":
            with LOCK:
                FAULTS.append(json.loads(body))
            return self.reply(200, "application/json", b"{}")
        if path == "/__config":
            doc = json.loads(body)
            with LOCK:
                CONFIG.update(doc)
                SEED = dense() if CONFIG.get("dense") else seed()
                if "history" in doc:
                    apply_history()
                if "advance_after" in doc:
                    COUNTS["reads"] = 0
            return self.reply(200, "application/json", b"{}")
        if path == "/__reset":
            with LOCK:
                FAULTS.clear()
                LOG.clear()
                was_dense = CONFIG.get("dense")
                CONFIG.clear()
                CONFIG.update(copy.deepcopy(DEFAULTS))
                if was_dense:
                    SEED = seed()
                reset_state()
                MEET["arrived"].clear()
                MEET["met"] = None
                SSO_TOKENS.clear()
                SSO_TOKENS.add("sso-access-token-1")
                SSO_REFRESH.clear()
                SSO_REFRESH.add("sso-refresh-token-1")
            return self.reply(200, "application/json", b"{}")
        if path == "/__advance":
            return self.reply(200, "application/json", json.dumps(advance(json.loads(body))).encode())
        if path == "/token":
            return self.sso_create_token(body)
        if self.headers.get("X-Amz-Target"):
            result = json_service(self, body)
            if result == "reset":
                self.close_connection = True
                self.connection.shutdown(2)
                return
            return self.reply(*result)
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
