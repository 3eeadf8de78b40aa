#!/bin/sh
# The AWS client against the local AWS-compatible endpoint (tests/aws_server.py,
# which checks every signature with botocore): every credential source through
# `quotacase whoami`, their precedence, signature errors, fault injection.
qc=$1
. "$(dirname "$0")/lib.sh"
unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_PROFILE AWS_DEFAULT_PROFILE \
      AWS_CONFIG_FILE AWS_SHARED_CREDENTIALS_FILE AWS_ENDPOINT_URL AWS_ENDPOINT_URL_STS \
      AWS_WEB_IDENTITY_TOKEN_FILE AWS_ROLE_ARN AWS_CONTAINER_CREDENTIALS_RELATIVE_URI \
      AWS_CONTAINER_CREDENTIALS_FULL_URI AWS_CONTAINER_AUTHORIZATION_TOKEN \
      AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE AWS_EC2_METADATA_SERVICE_ENDPOINT AWS_MAX_ATTEMPTS \
      AWS_RETRY_MODE AWS_CA_BUNDLE AWS_IGNORE_CONFIGURED_ENDPOINT_URLS
export HOME="$T/home" AWS_EC2_METADATA_DISABLED=true QUOTACASE_RETRY_BASE_MS=5
mkdir -p "$HOME"

aws_server 300
export AWS_REGION=us-east-1
K1=AKIDQUOTACASETEST01 S1=quotacase/test/secret/key/00000000000001
K2=AKIDQUOTACASETEST02 S2=quotacase/test/secret/key/00000000000002
served() { /usr/bin/python3 -c "import sys,json,urllib.request; print(json.load(urllib.request.urlopen(sys.argv[1] + '/__log')).count(sys.argv[2]))" "$EP" "$1"; }

# --- each source ------------------------------------------------------------------------
expect 0 env AWS_ACCESS_KEY_ID=$K1 AWS_SECRET_ACCESS_KEY=$S1 "$qc" whoami
contains "$T/out" "arn       arn:aws:iam::111122223333:user/tester"
contains "$T/out" "source    environment"
contains "$T/out" "^profile   (none: environment keys)$"
contains "$T/out" "region    us-east-1"

mkdir -p "$HOME/.aws"
printf '[default]\naws_access_key_id = %s\naws_secret_access_key = %s\n\n[dev]\naws_access_key_id=%s\naws_secret_access_key=%s\n' \
  $K1 $S1 $K2 $S2 >"$HOME/.aws/credentials"
printf '[default]\nregion = eu-west-1\n\n[profile dev]\nregion = us-west-2\n' >"$HOME/.aws/config"
expect 0 env -u AWS_REGION "$qc" whoami
contains "$T/out" "source    shared-credentials-file (profile default)"
contains "$T/out" "region    eu-west-1"
expect 0 env -u AWS_REGION "$qc" whoami --profile dev
contains "$T/out" "user/second"
contains "$T/out" "region    us-west-2"
expect 0 env -u AWS_REGION AWS_PROFILE=dev AWS_DEFAULT_REGION=ap-south-1 "$qc" whoami
contains "$T/out" "user/second"
contains "$T/out" "region    ap-south-1"
# Precedence: environment keys beat the profile, unless --profile names one.
expect 0 env AWS_ACCESS_KEY_ID=$K1 AWS_SECRET_ACCESS_KEY=$S1 AWS_PROFILE=dev "$qc" whoami
contains "$T/out" "user/tester"
expect 0 env AWS_ACCESS_KEY_ID=$K1 AWS_SECRET_ACCESS_KEY=$S1 "$qc" whoami --profile dev
contains "$T/out" "user/second"
contains "$T/out" "source    shared-credentials-file (profile dev)"
# Half a key pair in the environment is refused (it would fall through to the
# default profile's keys: another identity), as in the aws CLI; --profile skips it.
expect 2 env AWS_ACCESS_KEY_ID=$K2 "$qc" whoami
contains "$T/err" "partial credentials in the environment: AWS_ACCESS_KEY_ID is set, AWS_SECRET_ACCESS_KEY is not"
expect 2 env AWS_SECRET_ACCESS_KEY=$S2 "$qc" whoami
contains "$T/err" "AWS_SECRET_ACCESS_KEY is set, AWS_ACCESS_KEY_ID is not"
expect 0 env AWS_ACCESS_KEY_ID=$K2 "$qc" whoami --profile dev
# "~/" in the file variables is the home directory.
expect 0 env -u AWS_REGION AWS_SHARED_CREDENTIALS_FILE='~/.aws/credentials' AWS_CONFIG_FILE='~/.aws/config' "$qc" whoami --profile dev
contains "$T/out" "region    us-west-2"

# Files named by the environment; keys in the config file; credential_process.
mkdir -p "$T/cfg"
cat >"$T/cfg/proc.sh" <<EOS
#!/bin/sh
printf '{"Version": 1, "AccessKeyId": "%s", "SecretAccessKey": "%s", "Expiration": "2099-01-01T00:00:00Z"}' "$K2" "$S2"
EOS
chmod +x "$T/cfg/proc.sh"
cat >"$T/cfg/config" <<EOS
[profile inline]
aws_access_key_id = $K1
aws_secret_access_key = $S1

[profile proc]
credential_process = "$T/cfg/proc.sh" --flag 'two words'

[profile badproc]
credential_process = /bin/false

[profile role]
role_arn = arn:aws:iam::111122223333:role/quota-reader
source_profile = inline
role_session_name = qc-test

[profile chained]
role_arn = arn:aws:iam::111122223333:role/second-hop
source_profile = role

[profile ext]
role_arn = arn:aws:iam::111122223333:role/needs-external-id
source_profile = inline
external_id = ext-123

[profile envrole]
role_arn = arn:aws:iam::111122223333:role/from-env
credential_source = Environment

[profile mfa]
role_arn = arn:aws:iam::111122223333:role/needs-mfa
source_profile = inline
mfa_serial = arn:aws:iam::111122223333:mfa/tester

[profile web]
role_arn = arn:aws:iam::111122223333:role/web
web_identity_token_file = $T/cfg/token
role_session_name = web-session
EOS
printf 'web-identity-token-ok\n' >"$T/cfg/token"
: >"$T/cfg/credentials"
export AWS_CONFIG_FILE="$T/cfg/config" AWS_SHARED_CREDENTIALS_FILE="$T/cfg/credentials"
expect 0 "$qc" whoami --profile inline
contains "$T/out" "source    config-file (profile inline)"
expect 0 "$qc" whoami --profile proc
contains "$T/out" "source    credential-process (profile proc)"
contains "$T/out" "user/second"
expect 8 "$qc" whoami --profile badproc
contains "$T/err" "credential_process (profile badproc): /bin/false exited with status 1"
expect 0 "$qc" whoami --profile role
contains "$T/out" "arn:aws:sts::111122223333:assumed-role/quota-reader/qc-test"
contains "$T/out" "source    assume-role (arn:aws:iam::111122223333:role/quota-reader)"
expect 0 "$qc" whoami --profile chained
contains "$T/out" "assumed-role/second-hop/"
expect 0 "$qc" whoami --profile ext
contains "$T/out" "assumed-role/needs-external-id/"
# MFA: the code from --mfa-code, else the terminal (none here: setsid); the
# credentials then cached as the aws CLI caches them, so the next run needs
# neither the code nor AssumeRole.
expect 2 setsid "$qc" whoami --profile mfa
contains "$T/err" "profile mfa needs an MFA code (mfa_serial arn:aws:iam::111122223333:mfa/tester) and there is no terminal to ask on: pass --mfa-code CODE"
expect 8 "$qc" whoami --profile mfa --mfa-code 000000
contains "$T/err" "MultiFactorAuthentication failed"
n=$(served AssumeRole)
expect 0 "$qc" whoami --profile mfa --mfa-code 123456
contains "$T/out" "assumed-role/needs-mfa/"
mfa_cache="$HOME/.aws/cli/cache/$(/usr/bin/python3 -c "
import hashlib, json
print(hashlib.sha1(json.dumps({'RoleArn': 'arn:aws:iam::111122223333:role/needs-mfa', 'SerialNumber': 'arn:aws:iam::111122223333:mfa/tester'}, sort_keys=True).encode()).hexdigest())").json"
is "$(stat -c %a "$mfa_cache" 2>&1) $(jq_py "$mfa_cache" "sorted(d['Credentials'])")" \
   "600 ['AccessKeyId', 'Expiration', 'SecretAccessKey', 'SessionToken']" "cached under botocore's key"
expect 0 setsid "$qc" whoami --profile mfa
contains "$T/out" "assumed-role/needs-mfa/"
is "$(served AssumeRole)" "$((n + 1))" "the second run used the cache"
/usr/bin/python3 - "$mfa_cache" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); d["Credentials"]["Expiration"] = "2026-01-01T00:00:00+00:00"
json.dump(d, open(sys.argv[1], "w"))
PY
expect 2 setsid "$qc" whoami --profile mfa
contains "$T/err" "pass --mfa-code"
expect 0 env AWS_ACCESS_KEY_ID=$K2 AWS_SECRET_ACCESS_KEY=$S2 "$qc" whoami --profile envrole
contains "$T/out" "assumed-role/from-env/"
expect 0 "$qc" whoami --profile web
contains "$T/out" "assumed-role/web/web-session"
contains "$T/out" "source    web-identity"
expect 0 env AWS_WEB_IDENTITY_TOKEN_FILE="$T/cfg/token" AWS_ROLE_ARN=arn:aws:iam::111122223333:role/envweb "$qc" whoami
contains "$T/out" "assumed-role/envweb/"
printf 'container-auth-token\n' >"$T/cfg/ctoken"
expect 0 env AWS_CONTAINER_CREDENTIALS_FULL_URI=$EP/container/credentials \
  AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE="$T/cfg/ctoken" "$qc" whoami
contains "$T/out" "assumed-role/task-role/"
contains "$T/out" "source    container"
expect 8 env AWS_CONTAINER_CREDENTIALS_FULL_URI=$EP/container/credentials \
  AWS_CONTAINER_AUTHORIZATION_TOKEN=wrong "$qc" whoami
contains "$T/err" "container credentials"
expect 0 env -u AWS_EC2_METADATA_DISABLED AWS_EC2_METADATA_SERVICE_ENDPOINT=$EP "$qc" whoami
contains "$T/out" "assumed-role/imds-role/"
contains "$T/out" "source    instance-metadata (imds-role)"
# Nothing anywhere.
expect 8 "$qc" whoami
contains "$T/err" "no AWS credentials found"
lines "$T/err" 1
expect 2 "$qc" whoami --profile nosuch
contains "$T/err" "the config profile (nosuch) could not be found"
printf '[profile x]\naws_access_key_id = a\n[profile x]\n' >"$T/cfg/dup"
expect 3 env AWS_CONFIG_FILE="$T/cfg/dup" "$qc" whoami
contains "$T/err" "dup:3: section \[profile x\] appears twice"

# --- IAM Identity Center (SSO): the CLI's token cache, refresh, expiry --------------------
mkdir -p "$T/sso" "$HOME/.aws/sso/cache"
cat >"$T/sso/config" <<'EOC'
[profile corp]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = ReadOnly
region = us-east-1

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access

[profile legacy]
sso_start_url = https://legacy.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111122223333
sso_role_name = Admin

[profile norole]
sso_session = corp
sso_account_id = 111122223333
EOC
corp_cache="$HOME/.aws/sso/cache/$(printf corp | sha1sum | cut -d' ' -f1).json"
legacy_cache="$HOME/.aws/sso/cache/$(printf https://legacy.awsapps.com/start | sha1sum | cut -d' ' -f1).json"
sso_token() { # FILE ACCESS EXPIRES [REGISTRATION-EXPIRES]: a token as `aws sso login` caches it
  printf '{"startUrl": "https://corp.awsapps.com/start", "region": "us-east-1", "accessToken": "%s", "expiresAt": "%s"%s}' \
    "$2" "$3" "${4:+, \"clientId\": \"sso-client-id-1\", \"clientSecret\": \"sso-client-secret-1\", \"registrationExpiresAt\": \"$4\", \"refreshToken\": \"sso-refresh-token-1\"}" >"$1"
}
S3="env AWS_CONFIG_FILE=$T/sso/config"
ctl __reset '{}'
expect 8 $S3 "$qc" whoami --profile corp
contains "$T/err" "profile corp: no SSO login is cached: run \`aws sso login --profile corp\`"
sso_token "$corp_cache" sso-access-token-1 2099-01-01T00:00:00Z 2099-01-01T00:00:00Z
expect 0 $S3 "$qc" whoami --profile corp
contains "$T/out" "assumed-role/AWSReservedSSO_ReadOnly_0123456789abcdef/tester"
contains "$T/out" "source    sso (profile corp, role ReadOnly in 111122223333, sso-session corp)"
is "$(served GetRoleCredentials) $(served CreateToken)" "1 0" "a live token: no refresh"
lacks "$T/out" "sso-access-token"
# Expired: refreshed with the refresh token, and the cache rewritten.
sso_token "$corp_cache" sso-access-token-1 2020-01-01T00:00:00Z 2099-01-01T00:00:00Z
expect 0 $S3 "$qc" whoami --profile corp
is "$(served CreateToken)" "1" "an expired token is refreshed"
is "$(jq_py "$corp_cache" "d['accessToken'].startswith('sso-access-'), d['accessToken'] != 'sso-access-token-1', d['expiresAt'] > '2026', d['refreshToken'] != 'sso-refresh-token-1', d['clientId']")" \
   "True True True True sso-client-id-1" "the cache holds the new token"
is "$(stat -c %a "$corp_cache")" "600" "the cache stays private"
# Expired with the registration expired too, or the refresh refused: log in again.
sso_token "$corp_cache" sso-access-token-1 2020-01-01T00:00:00Z 2020-01-01T00:00:00Z
expect 8 $S3 "$qc" whoami --profile corp
contains "$T/err" "profile corp: the SSO login has expired: run \`aws sso login --profile corp\`"
sso_token "$corp_cache" sso-access-token-1 2020-01-01T00:00:00Z 2099-01-01T00:00:00Z
expect 8 $S3 "$qc" whoami --profile corp   # sso-refresh-token-1 was used above
contains "$T/err" "the SSO login has expired"
# A token the portal no longer takes.
sso_token "$corp_cache" sso-access-revoked 2099-01-01T00:00:00Z
expect 8 $S3 "$qc" whoami --profile corp
contains "$T/err" "the SSO portal refused the cached login: run \`aws sso login --profile corp\`"
lacks "$T/err" "sso-access-revoked"
# The legacy form: the cache key is the start URL, and there is no refresh.
sso_token "$legacy_cache" sso-access-token-1 2099-01-01T00:00:00Z
expect 0 $S3 "$qc" whoami --profile legacy
contains "$T/out" "AWSReservedSSO_Admin"
sso_token "$legacy_cache" sso-access-token-1 2020-01-01T00:00:00Z 2099-01-01T00:00:00Z
expect 8 $S3 "$qc" whoami --profile legacy
contains "$T/err" "run \`aws sso login --profile legacy\`"
expect 2 $S3 "$qc" whoami --profile norole
contains "$T/err" "profile norole: an SSO profile needs sso_role_name"
ctl __reset '{}'

# --- signatures --------------------------------------------------------------------------
expect 8 env AWS_ACCESS_KEY_ID=$K1 AWS_SECRET_ACCESS_KEY=wrong-secret "$qc" whoami
contains "$T/err" "SignatureDoesNotMatch"
contains "$T/err" "check the secret access key paired with $K1 (from environment)"
lacks "$T/err" "wrong-secret"
expect 8 env AWS_ACCESS_KEY_ID=AKIDUNKNOWN0000000000 AWS_SECRET_ACCESS_KEY=x "$qc" whoami
contains "$T/err" "InvalidClientTokenId"

# --- faults --------------------------------------------------------------------------------
export AWS_ACCESS_KEY_ID=$K1 AWS_SECRET_ACCESS_KEY=$S1
fault() { ctl __reset '{}'; ctl __fault "{\"action\": \"GetCallerIdentity\", \"kind\": \"$1\", \"count\": $2}"; }
fault throttle 2
expect 0 "$qc" whoami --verbose
is "$(served GetCallerIdentity)" 3 "throttled twice, then served"
contains "$T/err" "attempt 1: HTTP 400 Throttling"
contains "$T/err" "attempt 3: HTTP 200"
lacks "$T/err" "$S1"
fault throttle 5
expect 8 "$qc" whoami
contains "$T/err" "sts GetCallerIdentity: Throttling: Rate exceeded (HTTP 400, request id req-"
contains "$T/err" "3 attempts)"
is "$(served GetCallerIdentity)" 3 "stops at max attempts"
fault throttle 5
expect 8 env AWS_MAX_ATTEMPTS=5 "$qc" whoami
is "$(served GetCallerIdentity)" 5 "AWS_MAX_ATTEMPTS"
for kind in 500 503 reset truncated; do
  fault $kind 1
  expect 0 "$qc" whoami
  is "$(served GetCallerIdentity)" 2 "$kind is retried"
done
fault denied 3
expect 8 "$qc" whoami
contains "$T/err" "AccessDenied: User is not authorized to perform: sts:GetCallerIdentity (HTTP 403"
contains "$T/err" "grant the IAM action sts:GetCallerIdentity"
is "$(served GetCallerIdentity)" 1 "not retried"
fault expired 1
expect 8 "$qc" whoami
contains "$T/err" "ExpiredToken"
# A response slower than the read timeout: each attempt gives up, the run ends.
fault slow 2
expect 8 env AWS_MAX_ATTEMPTS=2 "$qc" whoami --cli-read-timeout 0.5
contains "$T/err" "Timeout"
contains "$T/err" "2 attempts"
# An endpoint nobody listens on.
ctl __reset '{}'
expect 8 env AWS_MAX_ATTEMPTS=2 "$qc" whoami --endpoint-url http://127.0.0.1:9
contains "$T/err" "ConnectionError"

# --- doctor -----------------------------------------------------------------------------------
# The seed (tests/aws_server.py), by hand over 2026-01-05..12: Nova Pro 120 minutes a weekday
# with 3..7 calls evenly = 600 minutes, 3,000 calls; Sonnet every 13th minute 09:06-16:54 on
# weekdays = 37 x 5 = 185 minutes of 4 calls = 740, throttled 2 + (k + day) % 9 for k 42..78 =
# 370 + 5 x 144 + 22 = 1,112; Haiku 10 minutes of 2 calls, 1 throttled.
DOC="doctor --now 2026-01-12T00:00:00Z"
dr() { env AWS_ACCESS_KEY_ID=$K1 AWS_SECRET_ACCESS_KEY=$S1 "$qc" $DOC "$@"; }
ctl __reset '{}'
expect 0 dr --log-group /app/agent --submit
contains "$T/out" "^ok    credentials  *environment, key \.\.\.ST01$"
contains "$T/out" "^ok    region  *us-east-1 (from AWS_REGION)$"
contains "$T/out" "^ok    identity  *account 111122223333, arn:aws:iam::111122223333:user/tester$"
contains "$T/out" "^ok    clock  *within 1 s of AWS's$"
contains "$T/out" "^ok    cloudwatch:ListMetrics  *3 models with AWS/Bedrock Invocations"
contains "$T/out" "^ok    data amazon.nova-pro-v1:0  *600 60-second periods with calls (3,000 calls, 0 throttled), 2026-01-05T14:00:00Z to 2026-01-09T15:59:00Z$"
contains "$T/out" "^ok    data us.anthropic.claude-sonnet-4-5-20250929-v1:0 185 60-second periods with calls (740 calls, 1,112 throttled), 2026-01-05T09:06:00Z to 2026-01-09T16:54:00Z$"
contains "$T/out" "^ok    data anthropic.claude-3-5-haiku-20241022-v1:0 10 60-second periods with calls (20 calls, 1 throttled)"
contains "$T/out" "^ok    servicequotas:ListRequestedServiceQuotaChangeHistory allowed (1 increase request on"
contains "$T/out" "^ok    logs:FilterLogEvents /app/agent  *allowed; throttling errors in the window$"
contains "$T/out" "^ok    support:DescribeSeverityLevels"
contains "$T/out" "^note  submit .*not tried"
contains "$T/out" "^doctor: 16 ok, 0 warnings, 0 blocking$"
lacks "$T/out" "$S1"
# Harmless calls only, and the minimum: one GetMetricData for every model, nothing filed.
is "$(served GetMetricData)" 1 "doctor's GetMetricData calls"
is "$(served RequestServiceQuotaIncrease)$(served CreateCase)$(served AddAttachmentsToSet)" 000 "doctor files nothing"
# A period CloudWatch no longer keeps, a model without data, a missing log group.
expect 8 dr --days 30 --model amazon.nova-pro-v1:0 --model amazon.nova-nano-v9:0 --log-group /nope
contains "$T/out" "^note  period  *CloudWatch keeps 60-second data only 15 days; using 300-second periods$"
contains "$T/out" "^ok    data amazon.nova-pro-v1:0  *120 300-second periods with calls (3,000 calls"
contains "$T/out" "^warn  data amazon.nova-nano-v9:0  *no AWS/Bedrock Invocations in the window (fix: check the id and the region"
contains "$T/out" "^FAIL  logs:FilterLogEvents /nope  *no such log group in us-east-1 (fix: check the name"
contains "$T/out" "^doctor: .* 1 warning, 1 blocking: fix them before collecting$"
# The window collect would use: one weekday of Nova Pro, 120 minutes, 3..7 calls evenly = 600.
expect 0 dr --start 2026-01-06T00:00:00Z --end 2026-01-07T00:00:00Z --model amazon.nova-pro-v1:0
contains "$T/out" "^ok    data amazon.nova-pro-v1:0  *120 60-second periods with calls (600 calls, 0 throttled), 2026-01-06T14:00:00Z to 2026-01-06T15:59:00Z$"
expect 2 dr --end 2026-01-07T00:00:00Z
contains "$T/err" "doctor: --end needs --start"
# A permission missing: the line names the action and the policy command.
ctl __reset '{}'
ctl __fault '{"action": "GetMetricData", "kind": "denied", "count": 1}'
expect 8 dr --model amazon.nova-pro-v1:0
contains "$T/out" "^FAIL  cloudwatch:GetMetricData .*grant the IAM action cloudwatch:GetMetricData to this identity (fix: quotacase iam-policy prints the policy to attach)$"
# With the models named collect never calls ListMetrics: a denial there blocks nothing.
ctl __reset '{}'
ctl __fault '{"action": "ListMetrics", "kind": "denied", "count": 1}'
expect 0 dr --model amazon.nova-pro-v1:0
lacks "$T/out" "ListMetrics"
ctl __reset '{}'
ctl __fault '{"action": "ListServiceQuotas", "kind": "denied", "count": 1}'
expect 8 dr --model amazon.nova-pro-v1:0
contains "$T/out" "^FAIL  servicequotas:ListServiceQuotas .*servicequotas:ListServiceQuotas"
contains "$T/out" "^ok    servicequotas:ListAWSDefaultServiceQuotas"
# No support plan: submit still files; a warning, not a block.
ctl __reset '{}'
ctl __config '{"support_plan": false}'
expect 0 dr --model amazon.nova-pro-v1:0 --submit
contains "$T/out" "^warn  support:DescribeSeverityLevels  *no support plan with API access"
ctl __reset '{}'
# No region; no credentials at all: the lines say so, and what follows is not tried.
expect 8 env -u AWS_REGION -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_CONFIG_FILE -u AWS_SHARED_CREDENTIALS_FILE HOME="$T/nohome" "$qc" $DOC
contains "$T/out" "^FAIL  credentials  *no AWS credentials found"
contains "$T/out" "^FAIL  region  *none: collect would not know .*(fix: give --region, set AWS_REGION"
lacks "$T/out" "^[a-zF]*  *identity"
expect 8 env -u AWS_REGION -u AWS_CONFIG_FILE -u AWS_SHARED_CREDENTIALS_FILE HOME="$T/nohome" AWS_ACCESS_KEY_ID=$K1 AWS_SECRET_ACCESS_KEY=$S1 "$qc" $DOC
contains "$T/out" "^ok    identity"
lacks "$T/out" "cloudwatch"
# A role: its source credentials are checked too (a cached role would hide broken ones).
expect 0 dr --model amazon.nova-pro-v1:0 --assume-role arn:aws:iam::444455556666:role/QuotacaseReader
contains "$T/out" "^ok    credentials  *assume-role (arn:aws:iam::444455556666:role/QuotacaseReader)"
contains "$T/out" "^ok    role source  *environment, account 111122223333, arn:aws:iam::111122223333:user/tester$"
contains "$T/out" "^ok    identity  *account 444455556666"
expect 8 env AWS_ACCESS_KEY_ID=AKIDQUOTACASEWRONG00 AWS_SECRET_ACCESS_KEY=wrong "$qc" $DOC --model amazon.nova-pro-v1:0 \
  --assume-role arn:aws:iam::444455556666:role/QuotacaseReader
contains "$T/out" "^ok    identity  *account 444455556666"
contains "$T/out" "^FAIL  role source  *sts GetCallerIdentity: InvalidClientTokenId.*(fix: fix these credentials: the role is assumed with them)$"
# The clock: two minutes off warns; twenty, AWS refuses the signature and the line says why.
ctl __config '{"clock_skew": 120}'
expect 0 dr --model amazon.nova-pro-v1:0
contains "$T/out" "^warn  clock  *\(119\|12[01]\) s behind AWS's: AWS refuses signatures 15 minutes off.*(fix: synchronise the system clock"
ctl __config '{"clock_skew": -1200}'
expect 8 dr --model amazon.nova-pro-v1:0
contains "$T/out" "^FAIL  identity  *sts GetCallerIdentity: SignatureDoesNotMatch: Signature not yet current"
contains "$T/out" "^FAIL  clock  *\(1199\|120[01]\) s ahead of AWS's"
ctl __reset '{}'

# --- endpoints ---------------------------------------------------------------------------------
expect 0 env AWS_ENDPOINT_URL=http://127.0.0.1:9 AWS_ENDPOINT_URL_STS=$EP "$qc" whoami
expect 8 env AWS_MAX_ATTEMPTS=1 AWS_ENDPOINT_URL_STS=http://127.0.0.1:9 "$qc" whoami
expect 0 env AWS_MAX_ATTEMPTS=1 AWS_ENDPOINT_URL_STS=http://127.0.0.1:9 "$qc" whoami --endpoint-url $EP
expect 2 "$qc" whoami --endpoint-url ftp://x
contains "$T/err" "is not http:// or https://"

finish aws
