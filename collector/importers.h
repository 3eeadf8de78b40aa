/* importers.h - aws CLI JSON exports into series and quotas.
 *
 * Recognised by content, not by name:
 *   cloudwatch get-metric-data            {"MetricDataResults": [...]}
 *   cloudwatch get-metric-statistics      {"Label": ..., "Datapoints": [...]}
 *   service-quotas list-service-quotas    {"Quotas": [...]}  (QuotaArn has an account)
 *   service-quotas list-aws-default-service-quotas
 *                                         {"Quotas": [...]}  (QuotaArn has no account)
 *   service-quotas get-service-quota / get-aws-default-service-quota
 *                                         {"Quota": {...}}
 *   service-quotas list-requested-service-quota-change-history
 *                                         {"RequestedQuotas": [...]}
 * Timestamps may be ISO 8601 strings (aws CLI v2) or epoch seconds (v1). */
#ifndef QC_IMPORTERS_H
#define QC_IMPORTERS_H

#include <jansson.h>

#include "collector/quotas.h"
#include "collector/series.h"
#include "common/err.h"

typedef struct qc_import_ctx {
    qc_series_set *series;
    qc_quota_set *quotas;
    const char *default_model; /* the only --model, for exports that do not name one */
    int quota_values;          /* QC_QUOTAS_AUTO (by the ARN), _APPLIED or _DEFAULT */
} qc_import_ctx;

enum { QC_QUOTAS_AUTO, QC_QUOTAS_APPLIED, QC_QUOTAS_DEFAULT };

typedef struct qc_import_result {
    const char *kind;   /* "cloudwatch get-metric-data", ... (static) */
    size_t series;      /* series touched */
    size_t datapoints;
    size_t quotas;
    size_t requests;
    size_t partial;     /* results CloudWatch marked PartialData / InternalError */
} qc_import_result;

/* Reads one export, as a stream: a get-metric-data export's points go
 * straight into the series, never into a tree.  Errors name the file and
 * the line:column (syntax) or the JSON path of the offending member (shape);
 * name (NULL: path) is the file's name in shape errors and series sources. */
int qc_import_file(const char *path, const char *name, qc_import_ctx *ctx,
                   qc_import_result *res, qc_err *err);
/* Same, for len bytes of memory (borrowed); name is used in messages. */
int qc_import_mem(const char *name, const char *data, size_t len, qc_import_ctx *ctx,
                  qc_import_result *res, qc_err *err);
/* Same, for a document already parsed; `name` is used in messages. */
int qc_import_json(const char *name, const json_t *doc, qc_import_ctx *ctx,
                   qc_import_result *res, qc_err *err);

#endif
