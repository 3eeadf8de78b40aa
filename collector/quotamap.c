/* quotamap.c - Bedrock quota names against model ids; see quotamap.h.
 *
 * Names follow the Amazon Bedrock table of the AWS General Reference and what
 * ListServiceQuotas (service code "bedrock") returns: "<scope> <API> <rate>
 * for <model>", in two generations ("model inference", "InvokeModel"), with
 * capitals that vary ("Cross-region"/"Cross-Region").  Ids follow the Bedrock
 * model id and inference profile pages: [geo.]provider.model[-date]-vN[:M].
 *
 * Both sides become a key: the model's units (letter runs, sizes such as
 * "70b", numbers with their dots or dashes dropped) and a version.  Keys are
 * compared as multisets, so word order is free ("Llama 2 Chat 13B" is
 * llama2-13b-chat) but every unit must be on both sides, which is what keeps
 * sizes and generations apart.  Where AWS names a model unlike its id, a
 * short table rewrites the id into the name's words.  Work happens in
 * bounded copies on the stack; longer input matches nothing. */
#include "quotamap.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define S_UNITS 24
#define S_UNIT 24
#define S_BUF (QC_QUOTAMAP_MAX_LEN + 1)

typedef struct S_key {
    char unit[S_UNITS][S_UNIT];
    int n;
    char ver[S_UNIT]; /* "1" unless the name or id says otherwise */
    int bad;          /* too long to hold: matches nothing */
} S_key;

/* Words that name the provider, not the model ("Stability.ai" squashes to
 * "stabilityai", "AI21 Labs" is two words). */
static const char *const S_providers[] = {
    "anthropic", "amazon", "meta",   "mistral",     "ai",        "cohere", "ai21",
    "labs",      "deepseek", "writer", "stabilityai", "stability", "openai", "qwen",
    "twelvelabs", "luma",
};

/* Ids whose words differ from the quota name's: the id's model part (after
 * the provider) starting with `from` is read as `to` followed by the rest. */
static const struct {
    const char *provider, *from, *to;
} S_id_alias[] = {
    {"amazon", "titan-embed-text-", "titan-text-embeddings-"},
    {"amazon", "titan-embed-image-", "titan-multimodal-embeddings-"},
    {"cohere", "command-light-text-v14", "command-light-v1"}, /* "Cohere Command Light" */
    {"cohere", "command-text-v14", "command-v1"},             /* "Cohere Command" */
    {"cohere", "embed-english-v3", "embed-english-v1"},       /* "Cohere Embed English" */
    {"cohere", "embed-multilingual-v3", "embed-multilingual-v1"},
    {"cohere", "rerank-v3-5", "rerank-3-5-v1"},               /* "Cohere Rerank 3.5" */
    {"ai21", "j2-", "jurassic-2-"},                           /* "AI21 Labs Jurassic-2 Mid" */
    {"mistral", "mistral-large-2402-", "mistral-large-"},     /* "Mistral Large" */
    {"mistral", "mistral-small-2402-", "mistral-small-"},     /* "Mistral AI Mistral Small" */
    {"meta", "llama4-maverick-17b-instruct-", "llama4-maverick-"}, /* "Llama 4 Maverick V1" */
    {"meta", "llama4-scout-17b-instruct-", "llama4-scout-"},
    {"stability", "sd3-", "stable-diffusion-3-"},             /* "Stable Diffusion 3.5 Large" */
    {"stability", "stable-diffusion-xl-v0", "stable-diffusion-xl-0-8-v1"}, /* "... XL 0.8" */
};

/* Names AWS spells unlike the model (squashed, providers dropped). */
static const struct {
    const char *squashed, *as;
} S_phrase_alias[] = {
    {"mixtral8x7bbinstruct", "mixtral 8x7b instruct"}, /* "Mistral AI Mixtral 8X7BB Instruct" */
};

static void S_key_init(S_key *k)
{
    memset(k, 0, sizeof *k);
    strcpy(k->ver, "1");
}

static void S_key_add(S_key *k, const char *u, size_t n)
{
    if (n == 0)
        return;
    if (n >= S_UNIT || k->n == S_UNITS) {
        k->bad = 1;
        return;
    }
    memcpy(k->unit[k->n], u, n);
    k->unit[k->n++][n] = '\0';
}

/* One number unit from s[*i]: digit runs joined by '.' or '-' make one number
 * ("3.5" and "3-5" are both "35"), unless the next run is a size ("3-1-70b"
 * is "31", then "70b"). */
static size_t S_number(const char *s, size_t *i, char *u)
{
    size_t w = 0;
    for (;;) {
        while (isdigit((unsigned char)s[*i]))
            if (w < S_UNIT)
                u[w++] = s[(*i)++];
            else
                (*i)++;
        if ((s[*i] != '.' && s[*i] != '-') || !isdigit((unsigned char)s[*i + 1]))
            return w;
        size_t j = *i + 1;
        while (isdigit((unsigned char)s[j]))
            j++;
        if (isalpha((unsigned char)s[j]))
            return w;
        (*i)++;
    }
}

/* Splits s into units: letter runs ("llama3" gives "llama" and "3"), sizes
 * (digits glued to letters: "70b", "8x"), and numbers (S_number). */
static void S_units(S_key *k, const char *s)
{
    size_t i = 0;
    while (s[i]) {
        char u[S_UNIT];
        size_t w = 0, j = i;
        while (isdigit((unsigned char)s[j]))
            j++;
        if (isalpha((unsigned char)s[i]) || (j > i && isalpha((unsigned char)s[j]))) {
            while (isdigit((unsigned char)s[i]) && w < S_UNIT)
                u[w++] = s[i++];
            while (isalpha((unsigned char)s[i]) && w < S_UNIT)
                u[w++] = (char)tolower((unsigned char)s[i++]);
        } else if (j > i) {
            w = S_number(s, &i, u);
        } else {
            i++;
            continue;
        }
        S_key_add(k, u, w);
    }
}

/* A version as digit groups joined by '.': "3-5" and "3.5" give "3.5",
 * "1.0" gives "1", and v0 (Mistral 7B Instruct is ...-v0:2, its quota has
 * no version) counts as the first release, "1". */
static void S_version(const char *s, size_t n, char *out)
{
    size_t w = 0, i = 0;
    while (i < n && w + 2 < S_UNIT) {
        while (i < n && s[i] == '0' && i + 1 < n && isdigit((unsigned char)s[i + 1]))
            i++; /* leading zeros */
        while (i < n && isdigit((unsigned char)s[i]) && w + 2 < S_UNIT)
            out[w++] = s[i++];
        if (i < n && (s[i] == '.' || s[i] == '-'))
            out[w++] = '.', i++;
        else
            break;
    }
    while (w && out[w - 1] == '.')
        w--;
    out[w] = '\0';
    while (w >= 2 && out[w - 1] == '0' && out[w - 2] == '.')
        out[w -= 2] = '\0';
    if (!strcmp(out, "0") || w == 0)
        strcpy(out, "1");
}

static int S_unit_cmp(const void *a, const void *b)
{
    return strcmp(a, b);
}

static int S_key_eq(S_key *a, S_key *b)
{
    if (a->bad || b->bad || a->n == 0 || a->n != b->n || strcmp(a->ver, b->ver))
        return 0;
    qsort(a->unit, (size_t)a->n, S_UNIT, S_unit_cmp);
    qsort(b->unit, (size_t)b->n, S_UNIT, S_unit_cmp);
    for (int i = 0; i < a->n; i++)
        if (strcmp(a->unit[i], b->unit[i]))
            return 0;
    return 1;
}

/* ---- the quota name ---- */

static size_t S_squash(const char *s, size_t n, char *out, size_t cap)
{
    size_t w = 0;
    for (size_t i = 0; i < n && w + 1 < cap; i++)
        if (isalnum((unsigned char)s[i]))
            out[w++] = (char)tolower((unsigned char)s[i]);
    out[w] = '\0';
    return w;
}

static int S_is_provider(const char *sq)
{
    for (size_t i = 0; i < sizeof S_providers / sizeof *S_providers; i++)
        if (!strcmp(sq, S_providers[i]))
            return 1;
    return 0;
}

static int S_is_date(const char *sq)
{
    return strlen(sq) == 8 && strspn(sq, "0123456789") == 8;
}

static void S_rtrim(char *s, size_t *n)
{
    while (*n && isspace((unsigned char)s[*n - 1]))
        s[--*n] = '\0';
}

/* Cuts trailing "(...)" groups: "(doubled for cross-region calls)", "(in GB)". */
static void S_cut_parens(char *s, size_t *n)
{
    S_rtrim(s, n);
    while (*n && s[*n - 1] == ')') {
        char *open = strrchr(s, '(');
        if (!open)
            return;
        *n = (size_t)(open - s);
        s[*n] = '\0';
        S_rtrim(s, n);
    }
}

/* Cuts "1M Context Length" (the size word too); returns whether it was there. */
static int S_cut_context(char *s, size_t *n)
{
    char *c = strcasestr(s, "context length");
    if (!c)
        return 0;
    *n = (size_t)(c - s);
    S_rtrim(s, n);
    size_t w = *n;
    while (w && !isspace((unsigned char)s[w - 1]))
        w--;
    if (isdigit((unsigned char)s[w]))
        *n = w;
    s[*n] = '\0';
    S_rtrim(s, n);
    return 1;
}

/* A last word "V2", "v1.0" or "G1" is the version; a last "1.0" (Amazon
 * Rerank 1.0, Stable Diffusion XL 1.0) is the first release. */
static void S_cut_version(char *s, size_t *n, char *ver)
{
    size_t w = *n;
    while (w && !isspace((unsigned char)s[w - 1]))
        w--;
    const char *last = s + w;
    size_t len = *n - w;
    if (len >= 2 && strchr("vVgG", last[0]) && isdigit((unsigned char)last[1]) &&
        strspn(last + 1, "0123456789.") == len - 1)
        S_version(last + 1, len - 1, ver);
    else if (strcmp(last, "1.0"))
        return;
    *n = w;
    s[*n] = '\0';
    S_rtrim(s, n);
}

/* Keeps the words that name the model, split at any of seps and joined by
 * sep: not the provider (any provider word, or the id's own provider when
 * provider is given: mistral.mistral-large), not the release date
 * (-20240620). */
static void S_keep_words(const char *s, const char *seps, char sep, const char *provider,
                         char *out)
{
    size_t w = 0;
    while (*s) {
        size_t len = strcspn(s, seps);
        char sq[S_BUF];
        S_squash(s, len, sq, sizeof sq);
        int drop = provider ? !strcmp(sq, provider) : S_is_provider(sq);
        if (len && !drop && !S_is_date(sq)) {
            memcpy(out + w, s, len);
            w += len;
            out[w++] = sep;
        }
        s += len;
        s += strspn(s, seps);
    }
    out[w] = '\0';
}

static void S_phrase_key(const char *p, size_t n, S_key *k, int *long_context)
{
    char buf[S_BUF], words[S_BUF + 1], sq[S_BUF];
    S_key_init(k);
    *long_context = 0;
    if (n >= S_BUF) {
        k->bad = 1;
        return;
    }
    memcpy(buf, p, n);
    buf[n] = '\0';
    S_cut_parens(buf, &n);
    *long_context = S_cut_context(buf, &n);
    S_cut_version(buf, &n, k->ver);
    S_keep_words(buf, " \t", ' ', NULL, words);
    S_squash(words, strlen(words), sq, sizeof sq);
    for (size_t i = 0; i < sizeof S_phrase_alias / sizeof *S_phrase_alias; i++)
        if (!strcmp(sq, S_phrase_alias[i].squashed))
            strcpy(words, S_phrase_alias[i].as);
    S_units(k, words);
}

/* ---- the model id ---- */

static const char *S_id_alias_for(const char *provider, const char *model, size_t *from_len)
{
    for (size_t i = 0; i < sizeof S_id_alias / sizeof *S_id_alias; i++) {
        size_t fl = strlen(S_id_alias[i].from);
        if (!strcmp(provider, S_id_alias[i].provider) && !strncmp(model, S_id_alias[i].from, fl)) {
            *from_len = fl;
            return S_id_alias[i].to;
        }
    }
    return NULL;
}

/* Cuts the version off the model part: "-v2", "-v3-5", or a bare "-1" when
 * the id had a ":M" after it (openai.gpt-oss-120b-1:0). */
static void S_id_version(char *m, int had_colon, char *ver)
{
    size_t n = strlen(m), d = n;
    while (d && (isdigit((unsigned char)m[d - 1]) || m[d - 1] == '-'))
        d--;
    while (d < n && m[d] == '-')
        d++; /* "llama3-1-70b" is not a version: only digits after "-v" or a last "-" */
    if (d >= 2 && m[d - 1] == 'v' && m[d - 2] == '-' && d < n) {
        S_version(m + d, n - d, ver);
        m[d - 2] = '\0';
        return;
    }
    char *dash = strrchr(m, '-');
    if (had_colon && dash && dash[1] && strspn(dash + 1, "0123456789") == strlen(dash + 1)) {
        S_version(dash + 1, strlen(dash + 1), ver);
        *dash = '\0';
    }
}

/* Splits [geo.]provider.model into buf; returns the model part or NULL. */
static char *S_id_parts(char *buf, const char **provider, qc_quotamap_scope *scope)
{
    char *d1 = strchr(buf, '.'), *d2 = d1 ? strchr(d1 + 1, '.') : NULL;
    if (!d1 || (d2 && strchr(d2 + 1, '.')))
        return NULL;
    *d1 = '\0';
    *scope = QC_QUOTAMAP_ON_DEMAND;
    *provider = buf;
    if (!d2)
        return d1 + 1;
    *d2 = '\0';
    *scope = !strcmp(buf, "global") ? QC_QUOTAMAP_GLOBAL : QC_QUOTAMAP_CROSS_REGION;
    *provider = d1 + 1;
    return d2 + 1;
}

static int S_id_key(const char *id, S_key *k, qc_quotamap_scope *scope)
{
    char buf[S_BUF], model[S_BUF], words[S_BUF + 1];
    const char *slash = strrchr(id, '/'), *provider;
    S_key_init(k);
    if (slash)
        id = slash + 1;
    size_t n = strcspn(id, ":");
    if (n >= S_BUF)
        return -1;
    memcpy(buf, id, n);
    buf[n] = '\0';
    for (size_t i = 0; i < n; i++)
        buf[i] = (char)tolower((unsigned char)buf[i]);
    char *m = S_id_parts(buf, &provider, scope);
    if (!m || !*m)
        return -1;
    size_t from = 0;
    const char *to = S_id_alias_for(provider, m, &from);
    if ((to ? strlen(to) : 0) + strlen(m + from) >= sizeof model)
        return -1;
    strcpy(model, to ? to : "");
    strcat(model, m + from);
    S_id_version(model, id[n] == ':', k->ver);
    S_keep_words(model, "-", '-', provider, words);
    S_units(k, words);
    return 0;
}

/* ---- classification ---- */

/* Does the word list w continue at *pos with the words of seq?  Advances. */
static int S_take(const S_key *w, int *pos, const char *seq)
{
    int p = *pos;
    while (*seq) {
        size_t len = strcspn(seq, " ");
        if (p >= w->n || strlen(w->unit[p]) != len || strncmp(w->unit[p], seq, len))
            return 0;
        p++;
        seq += len;
        seq += strspn(seq, " ");
    }
    *pos = p;
    return 1;
}

/* Lower-case alphanumeric words of s[0..n): "Cross-Region" is "cross region". */
static void S_words(S_key *w, const char *s, size_t n)
{
    S_key_init(w);
    for (size_t i = 0; i < n;) {
        char u[S_UNIT];
        size_t len = 0;
        for (; i < n && isalnum((unsigned char)s[i]); i++)
            if (len < S_UNIT)
                u[len++] = (char)tolower((unsigned char)s[i]);
        S_key_add(w, u, len);
        while (i < n && !isalnum((unsigned char)s[i]))
            i++;
    }
}

/* The words before "for": [scope] [API] <rate>, and nothing else. */
static void S_head(const char *name, size_t n, qc_quotamap_class *c)
{
    S_key w;
    S_words(&w, name, n);
    int pos = 0;
    if (S_take(&w, &pos, "global cross region"))
        c->scope = QC_QUOTAMAP_GLOBAL;
    else if (S_take(&w, &pos, "cross region"))
        c->scope = QC_QUOTAMAP_CROSS_REGION;
    else if (S_take(&w, &pos, "on demand") && S_take(&w, &pos, "latency optimized"))
        c->tier = QC_QUOTAMAP_LATENCY_OPTIMIZED; /* a plain "on demand" is taken all the same */
    int scoped = pos > 0, daily = S_take(&w, &pos, "model invocation max");
    if (!daily && !S_take(&w, &pos, "model inference"))
        S_take(&w, &pos, "invokemodel");
    if (S_take(&w, &pos, "requests per minute"))
        c->kind = QC_QUOTAMAP_RPM;
    else if (S_take(&w, &pos, "tokens per minute"))
        c->kind = QC_QUOTAMAP_TPM;
    else if (S_take(&w, &pos, "tokens per day"))
        c->kind = QC_QUOTAMAP_TPD;
    if (pos != w.n || w.bad)
        c->kind = QC_QUOTAMAP_NOT_RATE;
    /* The daily quota's older name has no "(doubled ...)" but is the same
     * quota (same code): it counts on-demand and cross-region calls. */
    c->with_cross_region = !scoped && daily && c->kind == QC_QUOTAMAP_TPD;
}

qc_quotamap_class qc_quotamap_classify(const char *name)
{
    qc_quotamap_class c = {QC_QUOTAMAP_NOT_RATE, QC_QUOTAMAP_ON_DEMAND, 0,
                           QC_QUOTAMAP_STANDARD, NULL, 0};
    size_t len = name ? strlen(name) : 0;
    const char *f = name ? strcasestr(name, " for ") : NULL;
    if (!f || len > QC_QUOTAMAP_MAX_LEN)
        return c;
    S_head(name, (size_t)(f - name), &c);
    char buf[S_BUF];
    const char *p = f + 5;
    size_t n = strlen(p);
    memcpy(buf, p, n + 1);
    S_cut_parens(buf, &n);
    c.phrase = p;
    c.phrase_len = n;
    if (strcasestr(buf, "context length"))
        c.tier = QC_QUOTAMAP_LONG_CONTEXT;
    if (strcasestr(name, "doubled for cross") && c.scope == QC_QUOTAMAP_ON_DEMAND)
        c.with_cross_region = 1;
    return c;
}

/* ---- decisions ---- */

static int S_scope_ok(const qc_quotamap_class *c, qc_quotamap_scope id_scope)
{
    if (id_scope == QC_QUOTAMAP_GLOBAL)
        return c->scope == QC_QUOTAMAP_GLOBAL;
    if (id_scope == QC_QUOTAMAP_CROSS_REGION)
        return c->scope == QC_QUOTAMAP_CROSS_REGION || c->with_cross_region;
    return c->scope == QC_QUOTAMAP_ON_DEMAND;
}

int qc_quotamap_governs(const char *quota_name, const char *model_id)
{
    if (!quota_name || !model_id || strlen(model_id) > QC_QUOTAMAP_MAX_LEN)
        return 0;
    qc_quotamap_class c = qc_quotamap_classify(quota_name);
    if (c.kind == QC_QUOTAMAP_NOT_RATE || c.tier == QC_QUOTAMAP_LATENCY_OPTIMIZED)
        return 0;
    S_key qk, ik;
    qc_quotamap_scope id_scope;
    int long_context;
    if (S_id_key(model_id, &ik, &id_scope) < 0 || !S_scope_ok(&c, id_scope))
        return 0;
    S_phrase_key(c.phrase, c.phrase_len, &qk, &long_context);
    if (!S_key_eq(&qk, &ik))
        return 0;
    return long_context ? 2 : 1;
}

int qc_quotamap_governs_listed(const char *quota_code, const char *quota_name,
                               const char *model_id, const char *const *codes, size_t ncodes)
{
    if (!codes)
        return qc_quotamap_governs(quota_name, model_id);
    for (size_t i = 0; i < ncodes && quota_code; i++)
        if (codes[i] && !strcmp(codes[i], quota_code))
            return quota_name && qc_quotamap_classify(quota_name).tier == QC_QUOTAMAP_LONG_CONTEXT
                       ? 2
                       : 1;
    return 0;
}

const char *qc_quotamap_kind_name(qc_quotamap_kind kind)
{
    switch (kind) {
    case QC_QUOTAMAP_RPM: return "requests_per_minute";
    case QC_QUOTAMAP_TPM: return "tokens_per_minute";
    case QC_QUOTAMAP_TPD: return "tokens_per_day";
    default: return "not_rate";
    }
}

const char *qc_quotamap_scope_name(qc_quotamap_scope scope)
{
    switch (scope) {
    case QC_QUOTAMAP_CROSS_REGION: return "cross_region";
    case QC_QUOTAMAP_GLOBAL: return "global";
    default: return "on_demand";
    }
}

const char *qc_quotamap_tier_name(qc_quotamap_tier tier)
{
    switch (tier) {
    case QC_QUOTAMAP_LONG_CONTEXT: return "long_context";
    case QC_QUOTAMAP_LATENCY_OPTIMIZED: return "latency_optimized";
    default: return "standard";
    }
}
