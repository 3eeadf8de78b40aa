/* detect.h - where secret-shaped and personal text is.
 *
 * The detectors alone, with no state: the redactor (redact.h) replaces what
 * they find, and the leak gate (report/leakgate.h) reports what they find in
 * files already written.  One set of rules for both, so what the gate
 * accepts is exactly what the redactor leaves.
 *
 * Two ways to recognise a secret: by the key it follows ("Authorization:",
 * "aws_secret_access_key =", "\"password\": ", "X-Amz-Signature=") whatever
 * the value looks like, and by its own shape (AKIA... key ids, JWTs, vendor
 * key prefixes, e-mail addresses, PEM blocks).  A span covers the secret
 * only: never the key, the quotes or what follows, so text around it (the
 * throttling message on the same line) survives. */
#ifndef QC_DETECT_H
#define QC_DETECT_H

#include <stddef.h>

enum qc_secret_kind {
    QC_SK_AWS_KEY_ID,
    QC_SK_AWS_SECRET_KEY,
    QC_SK_AWS_SESSION_TOKEN,
    QC_SK_AUTHORIZATION,
    QC_SK_AWS_SIGNATURE,
    QC_SK_BEARER,
    QC_SK_JWT,
    QC_SK_BEDROCK_KEY,
    QC_SK_ANTHROPIC_KEY,
    QC_SK_OPENAI_KEY,
    QC_SK_GITHUB_TOKEN,
    QC_SK_SLACK_TOKEN,
    QC_SK_GOOGLE_KEY,
    QC_SK_PRIVATE_KEY,
    QC_SK_PASSWORD,
    QC_SK_SECRET,
    QC_SK_API_KEY,
    QC_SK_TOKEN,
    QC_SK_EMAIL,
    QC_SK_PHONE,
    QC_SK_IP,
    QC_SK_PROMPT,
    QC_SK_WORD,    /* what the user named (--redact, --redact-file) */
    QC_SK_ENTROPY, /* the leak gate's extra check; never a redaction */
    QC_SK_NKINDS
};

/* "aws-key-id", "email", "prompt", ...: placeholders and reports use these. */
const char *qc_secret_kind_name(int kind);
/* The kind for a name, or -1. */
int qc_secret_kind_from_name(const char *name);

typedef struct qc_span {
    size_t start, end; /* s[start..end) is the secret */
    int kind;
} qc_span;

/* The first secret starting at or after `from` in s[0..n), by the fixed
 * detectors (not the user's words, not entropy).  Returns 1 and fills *sp,
 * else 0.  Spans never overlap the placeholders the redactor writes. */
int qc_detect_next(const char *s, size_t n, size_t from, qc_span *sp);

/* The same, where s[from] follows a span just replaced: read as it will be
 * read after the placeholder, so redacting twice changes nothing. */
int qc_detect_after(const char *s, size_t n, size_t from, qc_span *sp);

/* For the leak gate: a token of s[0..n) starting at or after `from` that
 * looks random enough to be a key nobody named: 32 or more characters of
 * base64 or base64url, mixing upper case, lower case and digits, with at
 * least log2(length) - 1.1 bits of entropy per character, and never more
 * than 4.5 asked of it.  Returns 1 and fills *sp. */
int qc_detect_entropy(const char *s, size_t n, size_t from, qc_span *sp);

#endif
