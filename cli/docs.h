/* docs.h - the manual page and the shell completions, from the option tables.
 *
 * `quotacase debug man` and `quotacase debug completion bash|zsh` print
 * these; the build runs them, so what is installed always matches --help.
 * The generators only format: cli/cmd_debug.c gathers the commands. */
#ifndef QC_DOCS_H
#define QC_DOCS_H

#include <stddef.h>
#include <stdio.h>

#include "cli/opts.h"

typedef struct qc_docs_cmd {
    const char *name;     /* "collect"; "debug scan" for one of debug's commands */
    const char *summary;  /* one line, as the command lists show it */
    const qc_cmddef *def; /* usage, description and options; NULL for `debug` itself */
} qc_docs_cmd;

typedef struct qc_docs {
    const qc_docs_cmd *cmds; /* in the order --help lists them */
    size_t ncmds;
    const char *version;
    const char *datadir; /* where the examples are installed: "/usr/share" */
    const char *date;    /* the page's date, "2026-01-12"; "" for none */
} qc_docs;

/* quotacase(1) in roff (man macros). */
void qc_docs_man(FILE *f, const qc_docs *d);
/* A bash completion script: `complete -F _quotacase quotacase`. */
void qc_docs_bash(FILE *f, const qc_docs *d);
/* A zsh completion function file (#compdef quotacase). */
void qc_docs_zsh(FILE *f, const qc_docs *d);

#endif
