/* proposal.h - what to ask for, quota by quota.
 *
 * Per model, a table of every quota that governs it (standard and
 * long-context tiers) with its applied value, AWS default, whether Service
 * Quotas can raise it, whether it bit (bursts whose limit is its kind), the
 * recommended value where the diagnosis recommends one in its unit, and the
 * action: raise through Service Quotas, ask AWS Support (not adjustable),
 * wait for the open request, or nothing.  For the account, the proposal:
 * the quotas that bit, with their recommended values (what a case without
 * a quota_code should ask for), and whether the case's own quota is one of
 * them: a tokens increase does not stop requests-per-minute throttling. */
#ifndef QC_PROPOSAL_H
#define QC_PROPOSAL_H

#include <jansson.h>

#include "report/governing.h"

/* The quota table of one diagnosed model dm (with its bursts and
 * recommendation set); a new array. */
json_t *qc_proposal_table(const json_t *dm, const qc_governing *g);

/* Sets diagnosis.proposed, has_proposed, request_bit and request_note on d
 * from its models' tables and the model's request. */
void qc_proposal_account(json_t *d, const json_t *request);

/* Sets diagnosis.additional_requests from case.additional_quotas: each
 * further quota the case asks for, with its values, the requested value
 * (the case's, else the diagnosis's recommendation for that quota), the
 * route (Service Quotas, AWS Support for a non-adjustable quota, or the
 * open request) and its proof (the bursts on it). */
void qc_proposal_more(json_t *d, const json_t *model);

#endif
