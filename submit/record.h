/* record.h - the submission record: what `submit` filed, sent and heard.
 *
 * submission.json in the evidence directory, listed in its manifest (stage
 * "submitted"), so the bundle carries it and `verify` checks it.  It holds
 * the request id, the case ids, the attachment set, a sha256 of everything
 * sent, each call with its outcome, and the follow-ups.  It is written
 * before and after every call that files something: a run stopped anywhere
 * leaves a record that says how far it got, and `submit --resume` goes on
 * from there without filing anything twice.
 *
 * Saving is one step for the record and the manifest together: both are
 * written in a staging copy of the directory (hard links) that then takes
 * its place, so the directory always verifies.  The record is redacted as
 * it is written (AWS error texts can quote a request back). */
#ifndef QC_RECORD_H
#define QC_RECORD_H

#include <jansson.h>

#include "common/err.h"
#include "common/redact.h"

#define QC_RECORD_NAME "submission.json"
#define QC_RECORD_SCHEMA "quotacase-submission/1"

/* One submit, status or follow-up at a time on a directory: an exclusive
 * lock on "<dir>.lock" beside it (the directory itself is swapped when the
 * record is saved), removed as it is let go.  Held: an error saying another
 * run works on it. */
int qc_record_lock(const char *dir, int *fd, qc_err *err);
void qc_record_unlock(const char *dir, int fd); /* fd -1: nothing */

/* *rec is NULL when there is no record yet. */
int qc_record_load(const char *dir, json_t **rec, qc_err *err);
int qc_record_save(const char *dir, const json_t *rec, qc_redactor *r, qc_err *err);

/* An object member of the record, created empty when absent (borrowed). */
json_t *qc_record_obj(json_t *rec, const char *key);
/* Appends the calls of an ops log (ops.h) to rec.calls and empties it. */
void qc_record_take_calls(json_t *rec, json_t *calls);
/* Sets rec.updated and rec.state. */
void qc_record_state(json_t *rec, const char *state, int64_t now_ms);

#endif
