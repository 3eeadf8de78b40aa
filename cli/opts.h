/* opts.h - subcommand options declared once, as a table.
 *
 * The table drives parsing (--name VALUE and --name=VALUE), the --help text,
 * and the option lists in docs/commands.md (a test compares them). */
#ifndef QC_OPTS_H
#define QC_OPTS_H

#include <stddef.h>
#include <stdio.h>

#include "common/err.h"

/* Help is for an 80-column terminal. */
#define QC_OPTS_WIDTH 80
#define QC_OPTS_HELP_COL 29

typedef struct qc_optdef {
    const char *name; /* "--logs" */
    const char *arg;  /* "FILE|DIR"; NULL for a flag */
    int many;         /* may be given more than once */
    const char *help;
} qc_optdef;

typedef struct qc_cmddef {
    const char *name;    /* "collect" */
    const char *usage;   /* "quotacase collect [options]" */
    const char *summary; /* one line */
    const qc_optdef *opts;
    size_t nopts;
    size_t max_positional;
} qc_cmddef;

typedef struct qc_opts {
    const qc_cmddef *cmd;
    size_t *count;        /* per option: how many times given */
    const char ***vals;   /* per option: values given (borrowed from argv) */
    const char **pos;     /* positional arguments */
    size_t npos;
    int help;
} qc_opts;

int qc_opts_parse(qc_opts *o, const qc_cmddef *cmd, int argc, char **argv, qc_err *err);
void qc_opts_free(qc_opts *o);
/* Last value given for an option, or NULL. */
const char *qc_opts_get(const qc_opts *o, const char *name);
int qc_opts_flag(const qc_opts *o, const char *name);
/* All values given for an option; returns the count. */
size_t qc_opts_all(const qc_opts *o, const char *name, const char *const **vals);
/* usage, summary and the options, each option's help in a column from
 * QC_OPTS_HELP_COL, within QC_OPTS_WIDTH columns. */
void qc_opts_help(FILE *f, const qc_cmddef *cmd);
/* Prints text (lines separated by '\n') starting at column col, each line
 * broken at spaces to stay within QC_OPTS_WIDTH; every line after the first
 * starts at column indent.  A line that fits is printed as written. */
void qc_opts_print_wrapped(FILE *f, const char *text, size_t col, size_t indent);

#endif
