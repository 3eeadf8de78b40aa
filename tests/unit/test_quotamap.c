/* test_quotamap.c - runs tests/data/quotamap/cases.tsv.
 *
 * One row per line, tab-separated: quota name, model id, what
 * qc_quotamap_governs must return (0, 1 or 2), then the name's kind and
 * scope (kind names as qc_quotamap_kind_name, scope as qc_quotamap_scope_name
 * with "+cross_region" for an on-demand quota that counts cross-region calls
 * too, "-" for a quota that is not an inference rate).  The first row of each
 * name must give kind and scope; later rows may.  Lines starting with '#' are
 * comments.  Every row also goes through qc_quota_governs, which the
 * collector calls and which must agree on governs or not. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "collector/quotamap.h"
#include "collector/quotas.h"
#include "common/fs.h"

void test_quotamap(void);

#define S_FIELDS 5

static const char *const S_file = QC_TEST_DATA "/quotamap/cases.tsv";

static void S_fail(int line, const char *what, const char *name, const char *id)
{
    qc_check_failed++;
    fprintf(stderr, "cases.tsv:%d: %s\n    quota: %s\n    model: %s\n", line, what, name, id);
}

/* "on_demand", or "on_demand+cross_region" when the quota counts both. */
static void S_scope_text(const qc_quotamap_class *c, char *out, size_t cap)
{
    if (c->kind == QC_QUOTAMAP_NOT_RATE)
        snprintf(out, cap, "-");
    else
        snprintf(out, cap, "%s%s", qc_quotamap_scope_name(c->scope),
                 c->with_cross_region ? "+cross_region" : "");
}

static void S_check_class(int line, const char *name, const char *kind, const char *scope)
{
    qc_quotamap_class c = qc_quotamap_classify(name);
    char got[64], msg[160];
    S_scope_text(&c, got, sizeof got);
    const char *gk = c.kind == QC_QUOTAMAP_NOT_RATE ? "-" : qc_quotamap_kind_name(c.kind);
    if (strcmp(gk, kind) || strcmp(got, scope)) {
        snprintf(msg, sizeof msg, "class %s %s, want %s %s", gk, got, kind, scope);
        S_fail(line, msg, name, "");
        return;
    }
    qc_check_passed++;
}

static void S_row(int line, char **f, int nf, const char *prev_name)
{
    char msg[160];
    int want = atoi(f[2]);
    if (nf < 3 || strlen(f[2]) != 1 || want < 0 || want > 2) {
        S_fail(line, "want a row: quota name, model id, 0|1|2 [, kind, scope]", f[0], "");
        return;
    }
    if (nf >= 5 && *f[3])
        S_check_class(line, f[0], f[3], f[4]);
    else if (strcmp(f[0], prev_name))
        S_fail(line, "the first row of a name gives its kind and scope", f[0], f[1]);
    int got = qc_quotamap_governs(f[0], f[1]), wrapped = qc_quota_governs(f[0], f[1]);
    if (got != want) {
        snprintf(msg, sizeof msg, "qc_quotamap_governs = %d, want %d", got, want);
        S_fail(line, msg, f[0], f[1]);
    } else if (wrapped != (want != 0)) {
        snprintf(msg, sizeof msg, "qc_quota_governs = %d, want %d", wrapped, want != 0);
        S_fail(line, msg, f[0], f[1]);
    } else {
        qc_check_passed++;
    }
}

/* The explicit map of a case file, and the phrase classify hands back:
 * neither fits a row of the table. */
static void S_listed_and_phrase(void)
{
    static const char *const codes[] = {"L-F4DDD3EB", "L-8EA73537"};
    const char *s45 = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
    const char *tpm = "Cross-region model inference tokens per minute for Anthropic Claude Sonnet 4.5 V1";
    const char *tpm1m = "Cross-region model inference tokens per minute for Anthropic Claude Sonnet 4.5 V1 "
                        "1M Context Length";
    const char *rpm = "Cross-region model inference requests per minute for Anthropic Claude Sonnet 4.5 V1";
    CHECK(qc_quotamap_governs_listed("L-F4DDD3EB", tpm, s45, codes, 2) == 1);
    CHECK(qc_quotamap_governs_listed("L-8EA73537", tpm1m, s45, codes, 2) == 2);
    CHECK(qc_quotamap_governs_listed("L-4A6BFAB1", rpm, s45, codes, 2) == 0); /* the list wins */
    CHECK(qc_quotamap_governs_listed("L-F4DDD3EB", tpm, "my-app-profile", codes, 2) == 1);
    CHECK(qc_quotamap_governs_listed("L-4A6BFAB1", rpm, s45, NULL, 0) == 1);
    CHECK(qc_quotamap_governs_listed("L-4A6BFAB1", rpm, s45, codes, 0) == 0);
    qc_quotamap_class c = qc_quotamap_classify(
        "Model invocation max tokens per day for Anthropic Claude Sonnet 4.5 V1 (doubled for "
        "cross-region calls)");
    CHECK(c.phrase && c.phrase_len == 30 && !strncmp(c.phrase, "Anthropic Claude Sonnet 4.5 V1", 30));
    c = qc_quotamap_classify("Batch inference job size for Qwen3 Coder 480B (in GB)");
    CHECK(c.kind == QC_QUOTAMAP_NOT_RATE && c.phrase_len == 16 && !strncmp(c.phrase, "Qwen3 Coder 480B", 16));
    c = qc_quotamap_classify("Agents per account");
    CHECK(c.kind == QC_QUOTAMAP_NOT_RATE && c.phrase == NULL && c.phrase_len == 0);
    CHECK(qc_quotamap_classify(tpm1m).tier == QC_QUOTAMAP_LONG_CONTEXT);
    CHECK_STR(qc_quotamap_tier_name(QC_QUOTAMAP_LATENCY_OPTIMIZED), "latency_optimized");
    CHECK(qc_quotamap_governs(NULL, s45) == 0 && qc_quotamap_governs(tpm, NULL) == 0);
}

void test_quotamap(void)
{
    S_listed_and_phrase();
    qc_buf b;
    qc_err err;
    qc_buf_init(&b, 1 << 20);
    qc_err_clear(&err);
    if (qc_fs_read(S_file, &b, &err) < 0) {
        fprintf(stderr, "%s\n", err.msg);
        qc_check_failed++;
        qc_buf_free(&b);
        return;
    }
    char prev[QC_QUOTAMAP_MAX_LEN + 2] = "";
    int line = 0, rows = 0;
    for (char *l = b.ptr, *next; l && *l; l = next) {
        next = strchr(l, '\n');
        if (next)
            *next++ = '\0';
        line++;
        if (*l == '#' || !*l)
            continue;
        char *f[S_FIELDS] = {l, "", "", "", ""};
        int nf = 1;
        for (char *t = strchr(l, '\t'); t && nf < S_FIELDS; t = strchr(t + 1, '\t')) {
            *t = '\0';
            f[nf++] = t + 1;
        }
        S_row(line, f, nf, prev);
        snprintf(prev, sizeof prev, "%s", f[0]);
        rows++;
    }
    CHECK(rows >= 150);
    qc_buf_free(&b);
}
