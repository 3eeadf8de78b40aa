/* mustache.c - a Mustache engine: parse to a tree, then render against a
 * stack of JSON contexts.  See mustache.h; the rules are those of the
 * Mustache specification (v1.3): interpolation, sections, inverted
 * sections, comments, partials, delimiters, and standalone lines (a line
 * holding only a section, inverted, closing, comment, partial or delimiter
 * tag and white space is removed whole; a standalone partial indents every
 * line it brings in).
 *
 * Choices where the spec leaves room: an empty string is falsey like false,
 * null and an empty list; numbers and other strings are truthy.  In strict
 * mode a missing name is an error in sections as well as interpolation, and
 * interpolating an object or a list is an error. */
#include "mustache.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/json.h"

#define QC_TMPL_MAX_DEPTH 64   /* nested sections and partials */
#define QC_TMPL_MAX_OUT ((size_t)64 << 20)

enum { T_TEXT, T_VAR, T_RAW, T_SECTION, T_INVERTED, T_PARTIAL };

typedef struct tok {
    int type;
    char *s; /* text, or the tag's name */
    size_t len;
    int line, col;
    char *indent; /* standalone partial: the indentation to apply */
    struct tok *kids;
    size_t nkids, cap;
} tok;

typedef struct parser {
    const char *name, *src;
    size_t len;
    char otag[16], ctag[16];
    qc_err *err;
} parser;

typedef struct render {
    const char *name;
    const qc_tmpl_opts *o;
    const json_t *stack[QC_TMPL_MAX_DEPTH * 4];
    int top;
    int depth;
    qc_buf *out;
    qc_err *err;
} render;

/* ---- escaping ---- */

qc_tmpl_escape qc_tmpl_escape_for(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (dot && (!strcmp(dot, ".md") || !strcmp(dot, ".markdown")))
        return QC_ESC_MARKDOWN;
    if (dot && !strcmp(dot, ".txt"))
        return QC_ESC_NONE;
    return QC_ESC_HTML;
}

static void S_escape_html(const char *s, size_t n, qc_buf *out)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        const char *e = NULL;
        switch (s[i]) {
        case '&': e = "&amp;"; break;
        case '<': e = "&lt;"; break;
        case '>': e = "&gt;"; break;
        case '"': e = "&quot;"; break;
        case '\'': e = "&#39;"; break;
        }
        if (!e) {
            run++;
            continue;
        }
        qc_buf_add(out, s + i - run, run);
        qc_buf_adds(out, e);
        run = 0;
    }
    qc_buf_add(out, s + n - run, run);
}

/* Markdown-safe: inline markup characters get a backslash (CommonMark
 * renders an escaped punctuation character as itself), line breaks become
 * spaces, and a value cannot open a block: a leading #, -, +, >, = or a
 * digit run followed by . or ) is escaped too. */
static void S_escape_md(const char *s, size_t n, qc_buf *out)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        qc_buf_addc(out, s[i++]);
    size_t lead = n; /* a leading block marker, escaped once below */
    if (i < n && strchr("#-+>=", s[i]))
        lead = i;
    size_t d = i;
    while (d < n && isdigit((unsigned char)s[d]))
        d++;
    /* "12. x" or "3) x" would open an ordered list; "49.68" would not. */
    if (d > i && d < n && (s[d] == '.' || s[d] == ')') && (d + 1 == n || s[d + 1] == ' '))
        lead = d;
    for (; i < n; i++) {
        char c = s[i];
        if (c == '\n' || c == '\r') {
            if (!(c == '\n' && i > 0 && s[i - 1] == '\r'))
                qc_buf_addc(out, ' ');
            continue;
        }
        if (i == lead || strchr("\\`*_[]<>|#~&!", c))
            qc_buf_addc(out, '\\');
        qc_buf_addc(out, c);
    }
}

void qc_tmpl_escape_text(qc_tmpl_escape mode, const char *s, size_t n, qc_buf *out)
{
    switch (mode) {
    case QC_ESC_HTML: S_escape_html(s, n, out); break;
    case QC_ESC_MARKDOWN: S_escape_md(s, n, out); break;
    default: qc_buf_add(out, s, n);
    }
}

/* ---- the tree ---- */

static void S_tok_free(tok *t)
{
    for (size_t i = 0; i < t->nkids; i++)
        S_tok_free(&t->kids[i]);
    free(t->kids);
    free(t->s);
    free(t->indent);
}

static tok *S_add(tok *parent, int type, const char *s, size_t len, int line, int col)
{
    parent->kids = qc_grow(parent->kids, &parent->cap, parent->nkids + 1, sizeof *parent->kids);
    tok *t = &parent->kids[parent->nkids++];
    memset(t, 0, sizeof *t);
    t->type = type;
    t->s = qc_strndup(s, len);
    t->len = len;
    t->line = line;
    t->col = col;
    return t;
}

/* ---- parsing ---- */

static void S_where(const char *src, size_t at, int *line, int *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < at; i++) {
        if (src[i] == '\n') {
            (*line)++;
            *col = 1;
        } else {
            (*col)++;
        }
    }
}

static int S_perr(parser *p, size_t at, const char *what, const char *arg)
{
    int line, col;
    S_where(p->src, at, &line, &col);
    return qc_err_set(p->err, QC_EINPUT, "%s:%d:%d: %s%s%s%s", p->name, line, col, what,
                      arg ? " '" : "", arg ? arg : "", arg ? "'" : "");
}

static const char *S_find(const char *s, size_t n, const char *needle)
{
    return memmem(s, n, needle, strlen(needle));
}

static int S_blank(const char *a, const char *b)
{
    for (; a < b; a++)
        if (*a != ' ' && *a != '\t')
            return 0;
    return 1;
}

/* New delimiters from "{{=<% %>=}}"'s inner text "<% %>". */
static int S_set_delims(parser *p, size_t at, const char *c, size_t n)
{
    size_t i = 0;
    while (i < n && isspace((unsigned char)c[i]))
        i++;
    size_t a = i;
    while (i < n && !isspace((unsigned char)c[i]))
        i++;
    size_t alen = i - a;
    while (i < n && isspace((unsigned char)c[i]))
        i++;
    size_t b = i;
    while (i < n && !isspace((unsigned char)c[i]))
        i++;
    size_t blen = i - b;
    while (i < n && isspace((unsigned char)c[i]))
        i++;
    if (!alen || !blen || i != n || alen >= sizeof p->otag || blen >= sizeof p->ctag ||
        memchr(c + a, '=', alen) || memchr(c + b, '=', blen))
        return S_perr(p, at, "bad delimiter tag", NULL);
    memcpy(p->otag, c + a, alen);
    p->otag[alen] = '\0';
    memcpy(p->ctag, c + b, blen);
    p->ctag[blen] = '\0';
    return 0;
}

static int S_parse(parser *p, tok *root)
{
    tok *open[QC_TMPL_MAX_DEPTH];
    size_t open_at[QC_TMPL_MAX_DEPTH];
    int depth = 0;
    tok *cur = root;
    const char *src = p->src;
    size_t len = p->len, pos = 0;
    strcpy(p->otag, "{{");
    strcpy(p->ctag, "}}");
    while (pos < len) {
        const char *ot = S_find(src + pos, len - pos, p->otag);
        if (!ot) {
            S_add(cur, T_TEXT, src + pos, len - pos, 0, 0);
            break;
        }
        size_t ts = (size_t)(ot - src), q = ts + strlen(p->otag);
        char type = q < len && strchr("#^/!>=&{", src[q]) ? src[q] : 0;
        if (type)
            q++;
        char close[24];
        snprintf(close, sizeof close, "%s%s", type == '{' ? "}" : type == '=' ? "=" : "",
                 p->ctag);
        const char *ct = S_find(src + q, len - q, close);
        if (!ct)
            return S_perr(p, ts, "unclosed tag", NULL);
        size_t cs = (size_t)(ct - src), te = cs + strlen(close);
        const char *a = src + q, *b = src + cs;
        while (a < b && isspace((unsigned char)*a))
            a++;
        while (b > a && isspace((unsigned char)b[-1]))
            b--;
        /* Standalone: alone on its line but for white space. */
        size_t ls = ts;
        while (ls > 0 && src[ls - 1] != '\n')
            ls--;
        size_t le = te;
        while (le < len && (src[le] == ' ' || src[le] == '\t' || src[le] == '\r'))
            le++;
        int standalone = type && strchr("#^/!>=", type) && ls >= pos &&
                         S_blank(src + ls, src + ts) && (le == len || src[le] == '\n');
        size_t text_end = standalone ? ls : ts;
        if (text_end > pos)
            S_add(cur, T_TEXT, src + pos, text_end - pos, 0, 0);
        pos = standalone ? (le < len ? le + 1 : len) : te;
        int line, col;
        S_where(src, ts, &line, &col);
        if (type == '!')
            continue;
        if (type == '=') {
            if (S_set_delims(p, ts, src + q, cs - q) < 0)
                return -1;
            continue;
        }
        if (a == b)
            return S_perr(p, ts, "empty tag", NULL);
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)(b - a), a);
        if (type == '/') {
            if (depth == 0)
                return S_perr(p, ts, "closing tag without a section:", name);
            if (strcmp(open[depth - 1]->s, name) != 0) {
                char msg[400];
                snprintf(msg, sizeof msg, "closing tag '%s' does not match the open section",
                         name);
                return S_perr(p, ts, msg, open[depth - 1]->s);
            }
            depth--;
            cur = depth ? open[depth - 1] : root;
            continue;
        }
        int tt = type == '#' ? T_SECTION : type == '^' ? T_INVERTED : type == '>' ? T_PARTIAL
                 : (type == '&' || type == '{') ? T_RAW : T_VAR;
        tok *t = S_add(cur, tt, a, (size_t)(b - a), line, col);
        if (tt == T_PARTIAL && standalone)
            t->indent = qc_strndup(src + ls, ts - ls);
        if (tt == T_SECTION || tt == T_INVERTED) {
            if (depth == QC_TMPL_MAX_DEPTH)
                return S_perr(p, ts, "sections nested too deep", NULL);
            open_at[depth] = ts;
            open[depth++] = t;
            cur = t;
        }
    }
    if (depth)
        return S_perr(p, open_at[depth - 1], "section is never closed:", open[depth - 1]->s);
    return 0;
}

/* ---- rendering ---- */

static int S_rerr(render *r, const tok *t, const char *what)
{
    return qc_err_set(r->err, QC_EINPUT, "%s:%d:%d: %s '%s'", r->name, t->line, t->col, what,
                      t->s);
}

/* Resolves a (dotted) name: the first part against the whole stack, the
 * rest inside what it found.  Returns 1 and *v (borrowed; NULL for JSON
 * null stays a found null) or 0 when missing. */
static int S_lookup(render *r, const char *name, const json_t **v)
{
    if (!strcmp(name, ".")) {
        *v = r->stack[r->top - 1];
        return 1;
    }
    const char *dot = strchr(name, '.');
    size_t n = dot ? (size_t)(dot - name) : strlen(name);
    char part[256];
    snprintf(part, sizeof part, "%.*s", (int)n, name);
    const json_t *cur = NULL;
    for (int i = r->top - 1; i >= 0 && !cur; i--)
        if (json_is_object(r->stack[i]))
            cur = json_object_get(r->stack[i], part);
    if (!cur)
        return 0;
    while (dot) {
        const char *s = dot + 1;
        dot = strchr(s, '.');
        n = dot ? (size_t)(dot - s) : strlen(s);
        snprintf(part, sizeof part, "%.*s", (int)n, s);
        if (!json_is_object(cur) || !(cur = json_object_get(cur, part)))
            return 0;
    }
    *v = cur;
    return 1;
}

static int S_falsey(const json_t *v)
{
    return !v || json_is_null(v) || json_is_false(v) ||
           (json_is_array(v) && json_array_size(v) == 0) ||
           (json_is_string(v) && json_string_length(v) == 0);
}

static int S_interpolate(render *r, const tok *t)
{
    const json_t *v;
    if (!S_lookup(r, t->s, &v)) {
        if (r->o->strict)
            return S_rerr(r, t, "unknown variable");
        return 0;
    }
    qc_buf tmp;
    qc_buf_init(&tmp, 0);
    switch (json_typeof(v)) {
    case JSON_STRING: qc_buf_add(&tmp, json_string_value(v), json_string_length(v)); break;
    case JSON_INTEGER: qc_buf_printf(&tmp, "%lld", (long long)json_integer_value(v)); break;
    case JSON_REAL: {
        char num[40];
        qc_json_format_number(json_real_value(v), num);
        qc_buf_adds(&tmp, num);
        break;
    }
    case JSON_TRUE: qc_buf_adds(&tmp, "true"); break;
    case JSON_FALSE: qc_buf_adds(&tmp, "false"); break;
    case JSON_NULL: break;
    default:
        qc_buf_free(&tmp);
        if (r->o->strict)
            return S_rerr(r, t, "is a list or an object, not a value:");
        return 0;
    }
    /* Numbers and booleans carry no markup: only strings are escaped. */
    if (t->type == T_VAR && json_is_string(v))
        qc_tmpl_escape_text(r->o->escape, tmp.ptr ? tmp.ptr : "", tmp.len, r->out);
    else
        qc_buf_add(r->out, tmp.ptr ? tmp.ptr : "", tmp.len);
    qc_buf_free(&tmp);
    return 0;
}

static int S_render(render *r, const tok *toks, size_t n);

static int S_push(render *r, const tok *t, const json_t *v)
{
    if (r->top >= (int)(sizeof r->stack / sizeof *r->stack))
        return S_rerr(r, t, "sections nested too deep at");
    r->stack[r->top++] = v;
    int rc = S_render(r, t->kids, t->nkids);
    r->top--;
    return rc;
}

static int S_section(render *r, const tok *t)
{
    const json_t *v = NULL;
    if (!S_lookup(r, t->s, &v)) {
        if (r->o->strict)
            return S_rerr(r, t, "unknown section");
        v = NULL;
    }
    if (t->type == T_INVERTED)
        return S_falsey(v) ? S_render(r, t->kids, t->nkids) : 0;
    if (S_falsey(v))
        return 0;
    if (json_is_array(v)) {
        size_t i;
        const json_t *e;
        json_array_foreach(v, i, e) if (S_push(r, t, e) < 0) return -1;
        return 0;
    }
    return S_push(r, t, v);
}

/* The partial's source with `indent` before every line. */
static void S_indent(const char *src, size_t n, const char *indent, qc_buf *out)
{
    size_t i = 0;
    while (i < n) {
        qc_buf_adds(out, indent);
        const char *nl = memchr(src + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - src) + 1 : n;
        qc_buf_add(out, src + i, e - i);
        i = e;
    }
}

static int S_partial(render *r, const tok *t)
{
    if (!r->o->load_partial)
        return 0;
    if (r->depth >= QC_TMPL_MAX_DEPTH)
        return S_rerr(r, t, "partials nested too deep at");
    qc_buf text;
    qc_buf_init(&text, QC_TMPL_MAX_OUT);
    qc_err lerr;
    qc_err_clear(&lerr);
    if (r->o->load_partial(r->o->loader_ud, t->s, &text, &lerr) < 0) {
        qc_buf_free(&text);
        if (lerr.code)
            return qc_err_set(r->err, lerr.code, "%s:%d:%d: %s", r->name, t->line, t->col,
                              lerr.msg);
        return r->o->strict ? S_rerr(r, t, "unknown partial") : 0;
    }
    if (t->indent) {
        qc_buf ind;
        qc_buf_init(&ind, QC_TMPL_MAX_OUT);
        S_indent(text.ptr ? text.ptr : "", text.len, t->indent, &ind);
        qc_buf_free(&text);
        text = ind;
    }
    parser p = {t->s, text.ptr ? text.ptr : "", text.len, "", "", r->err};
    tok root;
    memset(&root, 0, sizeof root);
    int rc = S_parse(&p, &root);
    if (rc == 0) {
        const char *outer = r->name;
        r->name = t->s;
        r->depth++;
        rc = S_render(r, root.kids, root.nkids);
        r->depth--;
        r->name = outer;
    }
    S_tok_free(&root);
    qc_buf_free(&text);
    return rc;
}

static int S_render(render *r, const tok *toks, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const tok *t = &toks[i];
        int rc = 0;
        switch (t->type) {
        case T_TEXT: qc_buf_add(r->out, t->s, t->len); break;
        case T_VAR:
        case T_RAW: rc = S_interpolate(r, t); break;
        case T_SECTION:
        case T_INVERTED: rc = S_section(r, t); break;
        case T_PARTIAL: rc = S_partial(r, t); break;
        }
        if (rc < 0)
            return -1;
        /* Any piece refused for the ceiling, whatever its size, ends it. */
        if (r->out->overflow || r->out->len >= r->out->max)
            return qc_err_set(r->err, QC_EINPUT, "%s: output larger than %zu bytes", r->name,
                              r->out->max);
    }
    return 0;
}

int qc_tmpl_render(const char *name, const char *src, size_t len, const json_t *data,
                   const qc_tmpl_opts *o, qc_buf *out, qc_err *err)
{
    parser p = {name, src, len, "", "", err};
    tok root;
    memset(&root, 0, sizeof root);
    int rc = S_parse(&p, &root);
    if (rc == 0) {
        render r;
        memset(&r, 0, sizeof r);
        r.name = name;
        r.o = o;
        r.out = out;
        r.err = err;
        r.stack[r.top++] = data;
        rc = S_render(&r, root.kids, root.nkids);
    }
    S_tok_free(&root);
    return rc;
}
