/* opts.c - table-driven option parsing; see opts.h. */
#include "opts.h"

#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"

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

void qc_opts_help(FILE *f, const qc_cmddef *cmd)
{
    fprintf(f, "usage: %s\n\n%s\n", cmd->usage, cmd->summary);
    if (cmd->nopts)
        fprintf(f, "\noptions:\n");
    for (size_t i = 0; i < cmd->nopts; i++) {
        const qc_optdef *d = &cmd->opts[i];
        char left[64];
        snprintf(left, sizeof left, "%s%s%s", d->name, d->arg ? " " : "", d->arg ? d->arg : "");
        fprintf(f, "  %-26s %s%s\n", left, d->help, d->many ? " (repeatable)" : "");
    }
}
