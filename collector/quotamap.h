/* quotamap.h - which Service Quotas quota governs which Bedrock model id.
 *
 * Bedrock's per-model quotas carry the model only in their names ("Cross-region
 * model inference tokens per minute for Anthropic Claude 3.5 Sonnet V2"), and
 * those names do not repeat the model id (anthropic.claude-3-5-sonnet-20241022-
 * v2:0).  This module decides, from the name alone:
 *   - the kind: requests per minute, tokens per minute, tokens per day, or not
 *     an inference-rate quota at all (batch jobs, provisioned model units,
 *     customization, knowledge bases, agents, concurrency, and the
 *     bedrock-mantle endpoint's token quotas, which count another
 *     endpoint), which governs nothing;
 *   - the scope: which ids it counts.  An id without a geography prefix is an
 *     on-demand call ("On-demand ..." quotas); us., eu., apac., jp., ... are
 *     cross-region profiles ("Cross-region ..."); global. is the global
 *     profile ("Global cross-region ...").  The daily quota "Model invocation
 *     max tokens per day for X (doubled for cross-region calls)" counts both
 *     on-demand and cross-region calls, not global ones;
 *   - the tier: standard, long context ("... 1M Context Length", shown as a
 *     line of its own) or latency-optimized;
 *   - the model: the phrase after "for", compared with the id word by word
 *     (provider, release date and version removed, numbers "3.5" and "3-5"
 *     alike, word order free), so "Claude 3 Haiku" never governs
 *     claude-3-5-haiku and "Nova Pro" never governs nova-premier.  A name
 *     ending in "V2" governs only -v2 ids; a name without a version governs
 *     only the first release (-v1, or an id without a version).
 * An ARN counts by its last segment (".../inference-profile/us.anthropic...").
 *
 * Explicit map: when the case file lists quota codes for a model, that list
 * wins and names are not consulted: call qc_quotamap_governs_listed with the
 * list instead of qc_quotamap_governs.  Application inference profiles
 * (arn:...:application-inference-profile/abc123) name no model, so only an
 * explicit list can attach quotas to them.
 *
 * All functions are pure: no state, no allocation, inputs only borrowed.
 * Names and ids longer than QC_QUOTAMAP_MAX_LEN bytes govern nothing. */
#ifndef QC_QUOTAMAP_H
#define QC_QUOTAMAP_H

#include <stddef.h>

#define QC_QUOTAMAP_MAX_LEN 255

typedef enum qc_quotamap_kind {
    QC_QUOTAMAP_NOT_RATE = 0, /* governs no on-demand invocation */
    QC_QUOTAMAP_RPM,          /* requests per minute */
    QC_QUOTAMAP_TPM,          /* tokens per minute */
    QC_QUOTAMAP_TPD,          /* tokens per day */
} qc_quotamap_kind;

typedef enum qc_quotamap_scope {
    QC_QUOTAMAP_ON_DEMAND = 0, /* ids without a geography prefix */
    QC_QUOTAMAP_CROSS_REGION,  /* us., eu., apac., us-gov., jp., au., ca., ... */
    QC_QUOTAMAP_GLOBAL,        /* global. */
} qc_quotamap_scope;

typedef enum qc_quotamap_tier {
    QC_QUOTAMAP_STANDARD = 0,
    QC_QUOTAMAP_LONG_CONTEXT,      /* "... 1M Context Length" */
    QC_QUOTAMAP_LATENCY_OPTIMIZED, /* "On-Demand, latency-optimized ..." */
} qc_quotamap_tier;

typedef struct qc_quotamap_class {
    qc_quotamap_kind kind;
    qc_quotamap_scope scope;   /* meaningful when kind != QC_QUOTAMAP_NOT_RATE */
    int with_cross_region;     /* an on-demand quota that counts cross-region calls too */
    qc_quotamap_tier tier;
    const char *phrase;        /* the model as the name spells it, borrowed from */
    size_t phrase_len;         /* the name ("Anthropic Claude 3.5 Sonnet V2"); 0 if none */
} qc_quotamap_class;

/* Kind, scope, tier and model phrase of a quota name.  A name that is not an
 * inference-rate quota comes back with kind QC_QUOTAMAP_NOT_RATE (and its
 * phrase, when it has a "for ..." part). */
qc_quotamap_class qc_quotamap_classify(const char *quota_name);

/* 0: the quota does not govern calls to model_id (a model id, an inference
 * profile id, or an ARN of either); 1: it governs them (standard tier);
 * 2: it governs only their long-context requests.  Latency-optimized quotas
 * return 0: they count only requests that ask for that tier. */
int qc_quotamap_governs(const char *quota_name, const char *model_id);

/* The same decision when the case file names the quota codes of this model:
 * with codes != NULL the list decides (1, or 2 when the name is the
 * long-context tier; 0 when the code is not listed); codes == NULL falls back
 * to qc_quotamap_governs. */
int qc_quotamap_governs_listed(const char *quota_code, const char *quota_name,
                               const char *model_id, const char *const *codes, size_t ncodes);

/* "requests_per_minute", "tokens_per_minute", "tokens_per_day", "not_rate". */
const char *qc_quotamap_kind_name(qc_quotamap_kind kind);
/* "on_demand", "cross_region", "global". */
const char *qc_quotamap_scope_name(qc_quotamap_scope scope);
/* "standard", "long_context", "latency_optimized". */
const char *qc_quotamap_tier_name(qc_quotamap_tier tier);

#endif
