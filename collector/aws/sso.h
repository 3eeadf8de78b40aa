/* sso.h - IAM Identity Center (SSO) profiles, as the aws CLI v2 reads them.
 *
 * A profile with sso_session (its [sso-session NAME] section holds
 * sso_start_url and sso_region) or with the legacy sso_start_url and
 * sso_region of its own, and sso_account_id and sso_role_name.  The access
 * token is the one `aws sso login` cached in ~/.aws/sso/cache/<sha1>.json
 * (sha1 of the session name, or of the start URL for the legacy form).
 * Within 15 minutes of its expiry a token of the sso_session form is
 * refreshed with SSO OIDC CreateToken (its refresh token and client
 * registration), and the cache file is rewritten; a token that cannot be
 * refreshed ends in "run `aws sso login --profile X`".  The role's
 * credentials come from the portal's GetRoleCredentials. */
#ifndef QC_AWS_SSO_H
#define QC_AWS_SSO_H

#include "collector/aws/client.h"

/* Is the profile an SSO profile? */
int qc_sso_profile(qc_aws *aws, const char *profile);
/* 1 with *out filled, or -1 with err saying what to do. */
int qc_sso_credentials(qc_aws *aws, const char *profile, qc_creds *out, qc_err *err);

#endif
