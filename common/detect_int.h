/* detect_int.h - what the detector files share; not part of the public surface. */
#ifndef QC_DETECT_INT_H
#define QC_DETECT_INT_H

#include <stddef.h>

/* ASCII classes that do not depend on the locale. */
static inline int qc_dt_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static inline int qc_dt_digit(int c) { return c >= '0' && c <= '9'; }
static inline int qc_dt_alnum(int c) { return qc_dt_alpha(c) || qc_dt_digit(c); }
static inline int qc_dt_upper_digit(int c) { return (c >= 'A' && c <= 'Z') || qc_dt_digit(c); }
static inline int qc_dt_hex(int c)
{
    return qc_dt_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* End of a token run from i: alnum, the bytes in extra, "\/" and "%XX". */
size_t qc_dt_token_run(const char *s, size_t n, size_t i, const char *extra);
/* At s[i] a placeholder the redactor wrote ("[email-3]")?  Its end, else 0. */
size_t qc_dt_placeholder(const char *s, size_t n, size_t i);
/* A key that names a secret, its separator and value: the value's span and kind. */
int qc_dt_keyed(const char *s, size_t n, size_t i, size_t *vs, size_t *ve, int *kind);
/* E-mail address, phone number or IP address starting at s[i]. */
int qc_dt_personal(const char *s, size_t n, size_t i, size_t *end, int *kind);
/* The same, told by the caller that s[i..n) holds no '@' nor '%' (may_email
 * 0: no e-mail address can end there) or that s[i..i+5) holds no ':'
 * (may_v6 0: no IPv6 address starts at i): those are not tried. */
int qc_dt_personal_hinted(const char *s, size_t n, size_t i, int may_email, int may_v6,
                          size_t *end, int *kind);
/* Enough entropy and a mix of character classes to be a generated key. */
int qc_dt_random(const char *s, size_t n);
/* The shape detectors alone, at s[i] (for a keyed value that has a shape
 * of its own: "api_key=sk-ant-..." is an Anthropic key). */
int qc_dt_shape_kind(const char *s, size_t n, size_t i);

#endif
