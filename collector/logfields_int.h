/* logfields_int.h - shared by the two halves of the log record reader
 * (logfields.c: the record's fields; logmodel.c: its operation and model);
 * not part of the collector's surface. */
#ifndef QC_LOGFIELDS_INT_H
#define QC_LOGFIELDS_INT_H

#include <stddef.h>

/* needle in s[0..n), exactly or ignoring case; NULL when absent. */
const char *qc_lf_find(const char *s, size_t n, const char *needle);
const char *qc_lf_find_ci(const char *s, size_t n, const char *needle);
/* A character of a word: a letter, a digit or '_'. */
int qc_lf_is_word(unsigned char c);
/* The runtime operation the text names ("calling the Converse operation",
 * "Bedrock Runtime: Converse"), or NULL. */
const char *qc_lf_op_in_text(const char *s, size_t n);
/* t has the shape of a model or inference-profile id. */
int qc_lf_looks_like_model(const char *t);

#endif
