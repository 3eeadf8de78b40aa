/* jsonpull.h - reading a JSON document token by token, in bounded memory.
 *
 * jansson builds the whole tree: a series file of a few megabytes becomes
 * tens of megabytes of nodes.  The readers of large evidence files
 * (report/cwload) walk them with this instead and keep only the figures:
 * memory is the read buffer, the longest string and the nesting stack,
 * whatever the file's size.  The grammar is JSON's (RFC 8259), checked as
 * it is read; a UTF-8 byte-order mark at the start is accepted. */
#ifndef QC_JSONPULL_H
#define QC_JSONPULL_H

#include <jansson.h>
#include <stddef.h>

#include "common/err.h"

typedef enum qc_jp_tok {
    QC_JP_ERROR = -1, /* see qc_jp_fail's message */
    QC_JP_EOF = 0,    /* after the one top-level value */
    QC_JP_OBJ,        /* { */
    QC_JP_OBJ_END,    /* } */
    QC_JP_ARR,        /* [ */
    QC_JP_ARR_END,    /* ] */
    QC_JP_KEY,        /* a member's name: qc_jp_str */
    QC_JP_STR,        /* qc_jp_str */
    QC_JP_NUM,        /* qc_jp_num */
    QC_JP_TRUE,
    QC_JP_FALSE,
    QC_JP_NULL,
} qc_jp_tok;

typedef struct qc_jp qc_jp;

/* Reads the file at path (NULL with err set when it cannot be opened) or
 * len bytes of memory (borrowed until qc_jp_free); name is for messages. */
qc_jp *qc_jp_open(const char *path, qc_err *err);
qc_jp *qc_jp_mem(const char *name, const char *data, size_t len);
void qc_jp_free(qc_jp *p);

qc_jp_tok qc_jp_next(qc_jp *p);
/* The text of the last KEY or STR, unescaped and NUL-terminated (valid
 * UTF-8; a NUL inside makes strlen shorter than *len). */
const char *qc_jp_str(const qc_jp *p, size_t *len);
double qc_jp_num(const qc_jp *p);
/* Inside an object: 1 with *key the next member's name (valid until the
 * next call), 0 at the object's end, -1 on an error. */
int qc_jp_member(qc_jp *p, const char **key);
/* Given the token just read: after a KEY reads its whole value; after an
 * OBJ or ARR reads to its end; after a scalar does nothing.  0, or -1 on a
 * grammar error or the end of the file. */
int qc_jp_skip(qc_jp *p, qc_jp_tok just_read);
/* The value the token just read starts, as a jansson tree (new reference),
 * read to its end: for the small pieces of a large file (one event of
 * thousands).  NULL on a grammar error. */
json_t *qc_jp_build(qc_jp *p, qc_jp_tok just_read);
/* -1 with err set to "name:line:column: what" for the last error, or for
 * what (a caller's complaint about the shape) at the current place. */
int qc_jp_fail(const qc_jp *p, const char *what, qc_err *err);

#endif
