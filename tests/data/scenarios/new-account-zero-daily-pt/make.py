#!/usr/bin/python3
"""Writes this scenario's inputs (kept in git; run again to regenerate).

A new account, 2026-06-01 09:00-10:00 UTC: the tokens-per-day quotas of
Titan Text Embeddings V2, Nova Micro and Claude 3 Haiku are 0, so every call
is refused ("Too many tokens per day").  Each model: 5 calls, each failing
after 1 attempt (the SDK does not retry a daily limit), logged once each;
CloudWatch counts 5 throttles and nothing accepted.  Rendered in pt-BR."""
import json, os
D = os.path.dirname(os.path.abspath(__file__))
models = {"amazon.titan-embed-text-v2:0": "Amazon Titan Text Embeddings V2",
          "amazon.nova-micro-v1:0": "Amazon Nova Micro",
          "anthropic.claude-3-haiku-20240307-v1:0": "Anthropic Claude 3 Haiku"}
res, quotas = [], []
for n, (mid, name) in enumerate(sorted(models.items())):
    ts = ["2026-06-01T09:%02d:00+00:00" % (10 + 5 * k) for k in range(5)]
    for metric, v in (("Invocations", 0.0), ("InvocationThrottles", 1.0)):
        res.append({"Id": "m%d_%s" % (n, metric.lower()), "Label": "%s %s" % (mid, metric),
                    "Timestamps": ts, "Values": [v] * 5, "StatusCode": "Complete"})
    quotas.append({"ServiceCode": "bedrock", "ServiceName": "Amazon Bedrock",
                   "QuotaArn": "arn:aws:servicequotas:sa-east-1:999988887777:bedrock/L-D%07d" % n,
                   "QuotaCode": "L-D%07d" % n,
                   "QuotaName": "Model invocation max tokens per day for " + name + " (doubled for cross-region calls)",
                   "Value": 0.0, "Unit": "None", "Adjustable": False, "GlobalQuota": False})
json.dump({"MetricDataResults": res, "Messages": []}, open(os.path.join(D, "metrics.json"), "w"), indent=1)
json.dump({"Quotas": quotas}, open(os.path.join(D, "quotas.json"), "w"), indent=1)
with open(os.path.join(D, "app.log"), "w") as f:
    for mid in sorted(models):
        for k in range(5):
            f.write('{"time": "2026-06-01T09:%02d:30Z", "level": "error", "model_id": "%s", '
                    '"error": "ThrottlingException: Too many tokens per day, please wait before trying again.", '
                    '"attempts": 1}\n' % (10 + 5 * k, mid))
case = {"case_id": "nova", "account_id": "999988887777", "region": "sa-east-1",
        "subject": "Conta nova: cotas diárias de tokens em 0",
        "use_case": "Busca semântica e resumo de chamados.", "business_impact": "Nada funciona."}
json.dump(case, open(os.path.join(D, "case.json"), "w"), indent=1, ensure_ascii=False)
