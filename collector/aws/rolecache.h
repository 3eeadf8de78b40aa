/* rolecache.h - assumed-role credentials cached as the aws CLI caches them.
 *
 * ~/.aws/cli/cache/<key>.json, the key being the sha1 of the AssumeRole
 * arguments as botocore writes them (json.dumps with sorted keys: RoleArn,
 * and RoleSessionName, ExternalId, SerialNumber, DurationSeconds when the
 * profile sets them), the file the AssumeRole answer ({"Credentials":
 * {AccessKeyId, SecretAccessKey, SessionToken, Expiration}}).  An entry
 * with less than 15 minutes left is not used.  So a role profile with
 * mfa_serial asks for the code once per session, in quotacase and in the
 * CLI alike, and a second run calls AssumeRole no more. */
#ifndef QC_AWS_ROLECACHE_H
#define QC_AWS_ROLECACHE_H

#include "collector/aws/client.h"
#include "collector/aws/sts.h"

/* ~/.aws/<dir>/<sha1 of key>.json: where the aws CLI keeps a cache entry
 * ("cli/cache" for roles, "sso/cache" for SSO logins); free() it. */
char *qc_aws_cache_path(const char *dir, const char *key);
/* The cache file for these arguments (free() it). */
char *qc_rolecache_path(const qc_sts_role *role);
/* 1 with *out filled from a live entry, 0 when there is none. */
int qc_rolecache_load(const char *path, qc_creds *out);
/* Writes the entry (0600, the directory 0700); a failure only loses the cache. */
void qc_rolecache_save(const char *path, const qc_creds *c);
/* The cache key's JSON (for tests): {"RoleArn": ..., ...} sorted, botocore's separators. */
char *qc_rolecache_args(const qc_sts_role *role);

#endif
