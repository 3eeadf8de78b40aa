/* opts.c - table-driven option parsing; see opts.h. */
#include "opts.h"

#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/buf.h"

static long S_find(const qc_cmddef *cmd, const char *name, size_t len)
{
    for (size_t i = 0; i < cmd->nopts; i++)
        if (strlen(cmd->opts[i].name) == len && !strncmp(cmd->opts[i].name, name, len))
            return (long)i;
    return -1;
}

static void S_add(qc_opts *o, size_t i, const char *v)
{
    o->vals[i] = qc_realloc(o->vals[i], (o->count[i] + 1) * sizeof *o->vals[i]);
    o->vals[i][o->count[i]++] = v;
}

int qc_opts_parse(qc_opts *o, const qc_cmddef *cmd, int argc, char **argv, qc_err *err)
{
    memset(o, 0, sizeof *o);
    o->cmd = cmd;
    o->count = qc_calloc(cmd->nopts + 1, sizeof *o->count);
    o->vals = qc_calloc(cmd->nopts + 1, sizeof *o->vals);
    o->pos = qc_calloc((size_t)argc + 1, sizeof *o->pos);
    int only_pos = 0;
    for (int a = 0; a < argc; a++) {
        const char *arg = argv[a];
        if (only_pos || arg[0] != '-' || !strcmp(arg, "-")) {
            if (o->npos >= cmd->max_positional)
                return qc_err_set(err, QC_EUSAGE, "%s: unexpected argument '%s'", cmd->name, arg);
            o->pos[o->npos++] = arg;
            continue;
        }
        if (!strcmp(arg, "--")) {
            only_pos = 1;
            continue;
        }
        if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
            o->help = 1;
            continue;
        }
        const char *eq = strchr(arg, '=');
        size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
        long i = S_find(cmd, arg, len);
        if (i < 0)
            return qc_err_set(err, QC_EUSAGE, "%s: unknown option '%.*s' (see --help)",
                              cmd->name, (int)len, arg);
        const qc_optdef *d = &cmd->opts[i];
        if (o->count[i] && !d->many)
            return qc_err_set(err, QC_EUSAGE, "%s: %s given twice", cmd->name, d->name);
        if (!d->arg) {
            if (eq)
                return qc_err_set(err, QC_EUSAGE, "%s: %s takes no value", cmd->name, d->name);
            S_add(o, (size_t)i, "");
            continue;
        }
        const char *v = eq ? eq + 1 : (a + 1 < argc ? argv[++a] : NULL);
        if (!v)
            return qc_err_set(err, QC_EUSAGE, "%s: %s needs a value (%s)", cmd->name, d->name,
                              d->arg);
        S_add(o, (size_t)i, v);
    }
    return 0;
}

void qc_opts_free(qc_opts *o)
{
    if (!o->cmd)
        return;
    for (size_t i = 0; i < o->cmd->nopts; i++)
        free(o->vals[i]);
    free(o->vals);
    free(o->count);
    free(o->pos);
    memset(o, 0, sizeof *o);
}

const char *qc_opts_get(const qc_opts *o, const char *name)
{
    long i = S_find(o->cmd, name, strlen(name));
    return i >= 0 && o->count[i] ? o->vals[i][o->count[i] - 1] : NULL;
}

int qc_opts_flag(const qc_opts *o, const char *name)
{
    long i = S_find(o->cmd, name, strlen(name));
    return i >= 0 && o->count[i] > 0;
}

size_t qc_opts_all(const qc_opts *o, const char *name, const char *const **vals)
{
    long i = S_find(o->cmd, name, strlen(name));
    if (i < 0 || !o->count[i]) {
        *vals = NULL;
        return 0;
    }
    *vals = o->vals[i];
    return o->count[i];
}

/* Columns of text, counting a UTF-8 sequence as one. */
static size_t S_cols(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* Prints one line of text that starts at column `col`, breaking it at spaces
 * so that it stays within QC_OPTS_WIDTH; the lines it adds start at column
 * `indent`.  A line that fits is printed as written, so the tables' own
 * spacing survives; only a word wider than the room is left to overflow. */
static void S_wrapline(FILE *f, const char *s, size_t n, size_t col, size_t indent)
{
    while (n && col + S_cols(s, n) > QC_OPTS_WIDTH) {
        size_t cut = 0;
        for (size_t i = 1; i < n && col + S_cols(s, i) <= QC_OPTS_WIDTH; i++)
            if (s[i] == ' ')
                cut = i;
        if (!cut) /* no space within the room: break after the first word */
            while (++cut < n && s[cut] != ' ')
                ;
        if (cut >= n)
            break;
        fprintf(f, "%.*s\n%*s", (int)cut, s, (int)indent, "");
        while (cut < n && s[cut] == ' ')
            cut++;
        s += cut;
        n -= cut;
        col = indent;
    }
    fprintf(f, "%.*s\n", (int)n, s);
}

void qc_opts_print_wrapped(FILE *f, const char *text, size_t col, size_t indent)
{
    for (;;) {
        const char *nl = strchr(text, '\n');
        size_t n = nl ? (size_t)(nl - text) : strlen(text);
        S_wrapline(f, text, n, col, indent);
        if (!nl)
            return;
        text = nl + 1;
        fprintf(f, "%*s", (int)indent, "");
        col = indent;
    }
}

void qc_opts_help(FILE *f, const qc_cmddef *cmd)
{
    fputs("usage: ", f);
    qc_opts_print_wrapped(f, cmd->usage, 7, 7);
    fputc('\n', f);
    qc_opts_print_wrapped(f, cmd->summary, 0, 0);
    if (cmd->nopts)
        fprintf(f, "\noptions:\n");
    qc_buf line;
    qc_buf_init(&line, 0);
    for (size_t i = 0; i < cmd->nopts; i++) {
        const qc_optdef *d = &cmd->opts[i];
        qc_buf_reset(&line);
        qc_buf_printf(&line, "%s%s%s", d->name, d->arg ? " " : "", d->arg ? d->arg : "");
        int pad = QC_OPTS_HELP_COL - 3 - (int)line.len;
        qc_buf_printf(&line, "%*s %s%s", pad > 0 ? pad : 0, "", d->help,
                      d->many ? " (repeatable)" : "");
        fputs("  ", f);
        qc_opts_print_wrapped(f, line.ptr, 2, QC_OPTS_HELP_COL);
    }
    qc_buf_free(&line);
}
