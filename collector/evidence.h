/* evidence.h - the evidence directory, written whole or not at all.
 *
 * Files are written into a staging directory beside the target; the
 * manifest (every file's size, sha256 and provenance) is written last and the
 * staging directory is renamed into place.  A run that fails part-way leaves
 * no directory behind, and an existing case directory is replaced only with
 * `force`. */
#ifndef QC_EVIDENCE_H
#define QC_EVIDENCE_H

#include <jansson.h>
#include <stddef.h>

#include "common/buf.h"
#include "common/err.h"
#include "common/redact.h"

typedef struct qc_evidence qc_evidence;

/* Starts writing the evidence directory `dir`.  Fails with QC_EEXIST when it
 * exists and force is 0.  Every byte written passes `red` (borrowed); its
 * map is saved to map_path (NULL: not saved) just before the commit. */
qc_evidence *qc_evidence_begin(const char *dir, int force, qc_redactor *red,
                               const char *map_path, qc_err *err);
/* Adds a file, redacted; provenance says where its content came from. */
int qc_evidence_write(qc_evidence *e, const char *name, const void *data, size_t len,
                      const char *provenance, qc_err *err);
int qc_evidence_write_json(qc_evidence *e, const char *name, const json_t *doc,
                           const char *provenance, qc_err *err);
/* For a document too large to be a tree (a series file of weeks of
 * minutes), built as text: doc dumped as qc_evidence_write_json would write
 * it, redacted string by string, appended to out (-1 when out would pass its
 * limit); one string redacted (free() it); and the text, every string of
 * which has passed one of the two, added as it is. */
int qc_evidence_dump_json(qc_evidence *e, const json_t *doc, qc_buf *out);
char *qc_evidence_redact_str(qc_evidence *e, const char *s);
int qc_evidence_write_redacted(qc_evidence *e, const char *name, const void *data, size_t len,
                               const char *provenance, qc_err *err);
/* A file written piece by piece (the events of a log with millions of
 * them): each piece passes the redactor, is written and hashed at once, so
 * memory does not grow with the file.  Close records it like any file;
 * after a failure, abort (the staging directory goes with the run). */
typedef struct qc_evidence_stream qc_evidence_stream;
qc_evidence_stream *qc_evidence_stream_open(qc_evidence *e, const char *name,
                                            const char *provenance, qc_err *err);
int qc_evidence_stream_add(qc_evidence_stream *w, const void *data, size_t len, qc_err *err);
int qc_evidence_stream_close(qc_evidence_stream *w, qc_err *err);
void qc_evidence_stream_abort(qc_evidence_stream *w);

/* The "files" list so far (new reference). */
json_t *qc_evidence_files(const qc_evidence *e);
/* Writes manifest.json (manifest, redacted, plus "files" and "redactions":
 * the distinct values replaced in this run, per kind), saves the map, and
 * moves the directory into place.  Takes nothing from the caller; manifest stays the caller's. */
int qc_evidence_commit(qc_evidence *e, json_t *manifest, qc_err *err);
/* Removes the staging directory and frees e; safe after commit. */
void qc_evidence_free(qc_evidence *e);

#endif
