/* fs.h - files written whole or not at all, and directory walks.
 *
 * Every output is written to a temporary name in the same directory and
 * renamed over the final name once complete and flushed, so an interrupted
 * or failed run never leaves a half-written file behind. */
#ifndef QC_FS_H
#define QC_FS_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

/* Writes data to path atomically (temporary name, fsync, rename). */
int qc_fs_write_atomic(const char *path, const void *data, size_t len, qc_err *err);

/* Writes data to exactly this path (no rename), flushed; for staged outputs. */
int qc_fs_write_file(const char *path, const void *data, size_t len, qc_err *err);

/* For writers that need a file name of their own (libxlsxwriter, libarchive):
 * a fresh temporary name beside `path` (free() it), then commit (fsync,
 * rename, fsync of the directory) or discard. */
char *qc_fs_tmpname(const char *path);
int qc_fs_commit(const char *tmp, const char *path, qc_err *err);
void qc_fs_discard(const char *tmp);

/* fsync of the directory that holds path, so a rename in it survives a
 * power cut (a file system that cannot sync directories is no error). */
int qc_fs_sync_parent(const char *path, qc_err *err);
/* Puts the directory `stage` in the place of `dir` in one step: with
 * RENAME_EXCHANGE when dir exists (the old tree is then removed), else a
 * rename.  An interruption leaves either the old or the new directory. */
int qc_fs_replace_dir(const char *stage, const char *dir, qc_err *err);

/* A staging copy of dir beside it ("<dir>.tmp.XXXXXX"), its files hard
 * links to the originals: a change made there (a new file under a temporary
 * name, renamed) leaves the original untouched until qc_fs_replace_dir puts
 * the copy in its place.  free() the result; NULL on error. */
char *qc_fs_stage_links(const char *dir, qc_err *err);
/* Removes what an interrupted run left beside `path`: the staging
 * directories "<path>.tmp.XXXXXX" (and older versions' "<path>.old.XXXXXX")
 * and the temporary files ".<name>.tmp.XXXXXX" of a write to path. */
void qc_fs_remove_leftovers(const char *path);

/* Reads a whole file into out (replacing its content); fails past out->max. */
int qc_fs_read(const char *path, qc_buf *out, qc_err *err);

/* mkdir -p; existing directories are fine. */
int qc_fs_mkdirs(const char *path, qc_err *err);
int qc_fs_is_dir(const char *path);
int qc_fs_exists(const char *path);
/* Removes a directory tree (used for --force and for failed first runs). */
int qc_fs_remove_tree(const char *path, qc_err *err);

/* Regular files below dir (recursively), as paths relative to dir, sorted
 * bytewise so every walk is reproducible.  Symbolic links are not followed
 * (an evidence directory holds its own files, never what a link points at). */
typedef struct qc_pathlist {
    char **items;
    size_t len, cap;
} qc_pathlist;

int qc_fs_list_files(const char *dir, qc_pathlist *out, qc_err *err);
/* The same for inputs (log and export directories): symbolic links are
 * followed (Kubernetes' /var/log/containers holds only links), a link back
 * to a directory above is walked once. */
int qc_fs_list_inputs(const char *dir, qc_pathlist *out, qc_err *err);
/* A path given as input: a regular file or a directory (after links), else
 * an error naming it (a FIFO or device would be read forever). */
int qc_fs_check_input(const char *path, qc_err *err);
void qc_pathlist_add(qc_pathlist *l, const char *path);
void qc_pathlist_sort(qc_pathlist *l);
void qc_pathlist_free(qc_pathlist *l);

/* dir + "/" + name, without doubling a trailing slash; free() the result. */
char *qc_fs_join(const char *dir, const char *name);
/* path with its leading directory `from` replaced by `to` ("a/b/c", "a/b",
 * "x" gives "x/c"); a path not under `from`, or a NULL `from`, is copied as
 * it is.  free() the result. */
char *qc_fs_rebase(const char *path, const char *from, const char *to);
/* The last component of a path, borrowed from it. */
const char *qc_fs_basename(const char *path);

#endif
